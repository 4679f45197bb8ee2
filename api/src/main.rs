//! The `lectern` command: parses arguments, loads settings, calls the library.

use clap::{Parser, Subcommand};
use lectern::{auth, config::Settings, db, jobs, openapi, seed, startup::Application, state::AppState, telemetry};

#[derive(Parser)]
#[command(name = "lectern", version, about = "A technical blog that teaches")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API, the docs and the web app.
    Serve {
        /// Do not run pending migrations on start.
        #[arg(long)]
        no_migrate: bool,
        /// Do not run the embedded job worker (run `lectern worker` processes instead).
        #[arg(long)]
        no_worker: bool,
    },
    /// Run job workers and the scheduler only (any number, for scale-out).
    Worker,
    /// Measure the job system (used by `make bench`): worker throughput and digest build time.
    #[command(hide = true)]
    BenchJobs {
        /// Email deliveries to queue and run.
        #[arg(long, default_value_t = 2000)]
        jobs: usize,
        /// Digest subscribers to create.
        #[arg(long, default_value_t = 10_000)]
        subscribers: usize,
    },
    /// Run pending database migrations.
    Migrate,
    /// Print the OpenAPI spec as JSON.
    Openapi,
    /// Write demo content (only into a database without posts).
    Seed {
        /// Instead, add this many generated published posts (for benchmarks).
        #[arg(long)]
        bench_posts: Option<u32>,
    },
    /// Rebuild every post's search rows and embed every chunk that lacks a vector of the
    /// current model, with a progress report.
    Reindex,
    /// Import posts from a Ghost JSON export, a WordPress WXR file or a folder of markdown
    /// files with YAML front matter; importing the same export again changes nothing.
    Import {
        /// What PATH is.
        #[arg(long, value_enum)]
        format: lectern::import::Format,
        /// The export file (ghost, wordpress) or folder (markdown).
        path: std::path::PathBuf,
    },
    /// Manage accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an admin account (or promote an existing one and set its password).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
    },
}

#[tokio::main]
async fn main() {
    lectern::install_crypto_provider();
    lectern::auth::password::return_hash_buffers_to_the_system();
    telemetry::init();
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    // The spec needs no configuration; everything else does.
    let settings = || Settings::from_env();
    match cli.command {
        Command::Openapi => print!("{}", openapi::spec_json()),
        Command::Serve { no_migrate, no_worker } => {
            let mut settings = settings()?;
            settings.migrate_on_start &= !no_migrate;
            settings.jobs.embedded_worker &= !no_worker;
            let app = Application::build(settings.clone()).await?;
            tracing::info!(url = %settings.public_url, port = app.port(), "serving");
            app.run_until_stopped().await?;
        }
        Command::Worker => {
            let settings = settings()?;
            let conn = db::connect(&settings).await?;
            if settings.migrate_on_start {
                db::migrate(&conn).await?;
            }
            let state = AppState::build(conn, settings).await?;
            jobs::worker::run(state, lectern::startup::shutdown_signal()).await?;
        }
        Command::BenchJobs { jobs, subscribers } => {
            let mut settings = settings()?;
            settings.jobs.scheduler = false;
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            let state = AppState::build(conn, settings).await?;
            let backend = state.queue.backend_name();
            // Throughput first: the digest leaves its deliveries queued.
            let rate = lectern::bench::send_email_throughput(&state, jobs).await?;
            println!("throughput\t{backend}\t{jobs}\t{rate:.0}");
            let (took, queued) = lectern::bench::digest_build_time(&state, subscribers).await?;
            println!("digest\t{backend}\t{subscribers}\t{queued}\t{:.2}", took.as_secs_f64());
        }
        Command::Migrate => {
            let settings = settings()?;
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            println!("migrations applied");
        }
        Command::Seed { bench_posts } => {
            let settings = settings()?;
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            let state = AppState::build(conn, settings).await?;
            match bench_posts {
                Some(n) => println!("{}", seed::bench_posts(&state, n).await?),
                None => println!("{}", seed::demo(&state).await?),
            }
        }
        Command::Reindex => {
            let settings = settings()?;
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            let state = AppState::build(conn, settings).await?;
            let model = state.ai.model_id().map_or_else(|| "none (keyword search only)".to_string(), str::to_string);
            println!("reindexing with embedding model {model}");
            let started = std::time::Instant::now();
            let report = lectern::ai::embedding::reindex(&state, true, |done, total| {
                if done == total || done % 10 == 0 {
                    println!("  {done}/{total} posts");
                }
            })
            .await?;
            println!("reindexed {} posts, embedded {} chunks in {:.1}s", report.posts, report.chunks_embedded, started.elapsed().as_secs_f64());
        }
        Command::Import { format, path } => {
            use lectern::import;
            let settings = settings()?;
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            let state = AppState::build(conn, settings).await?;
            let author = import::default_author(&state.db).await?.ok_or_else(|| anyhow::anyhow!("imported posts need an author: create an admin first (lectern admin create)"))?;
            let started = std::time::Instant::now();
            let parsed = match format {
                import::Format::Markdown => import::markdown::parse_dir(&path)?,
                other => import::parse_bytes(other, &std::fs::read(&path)?)?,
            };
            eprintln!("importing {} posts from {}", parsed.posts.len(), path.display());
            let summary = import::run(&state, author, parsed, |s| eprint!("\r{}", import::progress_bar(s))).await?;
            eprintln!();
            for warning in &summary.warnings {
                eprintln!("warning: {warning}");
            }
            if !summary.images.is_empty() {
                eprintln!("{} images are referenced by the export and stay where they are:", summary.images.len());
                for image in &summary.images {
                    eprintln!("  {image}");
                }
            }
            println!(
                "imported {} posts in {:.1}s: {} created, {} updated, {} unchanged, {} old URLs redirected",
                summary.total,
                started.elapsed().as_secs_f64(),
                summary.created,
                summary.updated,
                summary.unchanged,
                summary.redirects
            );
        }
        Command::Admin { command: AdminCommand::Create { email, password } } => {
            let settings = settings()?;
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            let user = auth::service::create_admin(&conn, &auth::password::PasswordHasher::new(), &email, &password).await?;
            println!("admin ready: {}", user.email);
        }
    }
    Ok(())
}
