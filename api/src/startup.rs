//! Builds the HTTP server: the API under /api/v1, probes, docs, and the SPA.

use std::net::TcpListener;

use actix_web::{App, HttpResponse, HttpServer, dev::Server, middleware, web};
use sea_orm::DatabaseConnection;
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::{AppExt, scope, service_config::ServiceConfig};
use utoipa_swagger_ui::SwaggerUi;

use crate::{
    account, admin, auth, billing, config::Settings, db, error, feeds, health, jobs, methods, newsletter, openapi, posts, ratelimit, search, security, series, spa,
    state::AppState, tags,
};

/// Every route in the contract; `openapi::spec()` reads the same function.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz).service(health::readyz).service(
        scope::scope("/api/v1")
            .wrap(actix_web::middleware::from_fn(ratelimit::limit))
            .configure(auth::configure)
            .configure(posts::configure)
            .configure(crate::analytics::configure)
            .configure(crate::comments::configure)
            .configure(search::routes::configure)
            .configure(crate::ai::ask::routes::configure)
            .configure(series::configure)
            .configure(tags::configure)
            .configure(account::configure)
            .configure(crate::reader::configure)
            .configure(crate::notifications::configure)
            .configure(newsletter::configure)
            .configure(billing::configure)
            .configure(crate::uploads::routes::configure)
            .configure(crate::site::configure)
            .configure(admin::configure)
            .default_service(web::to(api_not_found)),
    );
}

async fn api_not_found() -> HttpResponse {
    actix_web::ResponseError::error_response(&error::ApiError::NotFound("resource"))
}

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

impl Application {
    /// Connects, migrates (unless turned off) and binds; call `run_until_stopped` to serve.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let db = db::connect(&settings).await?;
        if settings.migrate_on_start {
            db::migrate(&db).await?;
        }
        Self::build_with_db(settings, db).await
    }

    pub async fn build_with_db(settings: Settings, db: DatabaseConnection) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.bind).map_err(|e| anyhow::anyhow!("BIND: cannot listen on {}: {e}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let mut state = AppState::build(db, settings).await?;
        if state.settings.analytics {
            state.analytics = crate::analytics::Analytics::start(&state.settings).await?;
        }
        crate::ai::embedding::queue_pending(&state).await?;
        crate::uploads::documents::queue_pending(&state).await?;
        let server = serve(listener, state.clone())?;
        Ok(Self { port, server, state })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops the server as SIGTERM does (`stop(true)` lets running requests finish), for
    /// benchmarks and tests that run the app in process and then check what it stored.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves (and, unless turned off, runs the embedded job worker) until the server stops:
    /// on Ctrl-C or SIGTERM, live streams end first so open connections drain at once, and
    /// once the requests have drained, the page views they recorded are stored.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let handle = self.server.handle();
        let hub = self.state.notifications.clone();
        tokio::spawn(async move {
            shutdown_signal().await;
            hub.close();
            handle.stop(true).await;
        });
        let analytics = self.state.analytics.clone();
        if !self.state.settings.jobs.embedded_worker {
            let served = self.server.await;
            // The drained requests' views are stored before the process exits.
            analytics.shutdown().await;
            return Ok(served?);
        }
        // Jobs get their own connection pool, so a large fan-out never starves requests.
        let mut worker_state = self.state.clone();
        worker_state.db = db::connect(&self.state.settings).await?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let worker = tokio::spawn(jobs::worker::run(worker_state, async move {
            let _ = stopped.await;
        }));
        let served = self.server.await;
        analytics.shutdown().await;
        let _ = stop.send(());
        if let Ok(Err(e)) = worker.await {
            tracing::error!(error = %format!("{e:#}"), "job worker stopped with an error");
        }
        Ok(served?)
    }
}

fn serve(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let dist = state.settings.web_dist.clone();
    let shell = web::Data::new(spa::Shell::load(&dist));
    let http = web::Data::new(state.settings.http.clone());
    let public_url = state.settings.public_url.clone();
    let state = web::Data::new(state);
    let spec = openapi::spec();
    let allowed = web::Data::new(methods::AllowedMethods::from_spec(&spec));
    let server = HttpServer::new(move || {
        let (app, _) = App::new()
            .into_utoipa_app()
            .openapi(openapi::base())
            .app_data(state.clone())
            .app_data(shell.clone())
            .app_data(http.clone())
            .app_data(allowed.clone())
            .app_data(web::JsonConfig::default().limit(security::MAX_BODY_BYTES).error_handler(error::json_error))
            .app_data(web::PayloadConfig::new(security::MAX_BODY_BYTES))
            .app_data(web::QueryConfig::default().error_handler(error::query_error))
            .app_data(web::PathConfig::default().error_handler(error::path_error))
            .configure(routes)
            .split_for_parts();
        let dist = dist.clone();
        let cors = security::cors(&http, &public_url);
        app.wrap(middleware::from_fn(methods::enforce))
            .wrap(middleware::from_fn(security::screen_request))
            .wrap(middleware::Condition::new(cors.is_some(), cors.unwrap_or_default()))
            .wrap(middleware::from_fn(security::headers))
            .wrap(TracingLogger::default())
            .wrap(middleware::Compress::default())
            .service(SwaggerUi::new("/docs/{_:.*}").url("/api-docs/openapi.json", spec.clone()))
            .service(web::redirect("/docs", "/docs/"))
            .configure(feeds::configure)
            .configure(crate::uploads::routes::configure_files)
            .configure(crate::pyodide::configure)
            .configure(move |cfg| spa::configure(cfg, &dist))
    })
    .client_request_timeout(security::CLIENT_REQUEST_TIMEOUT)
    .client_disconnect_timeout(security::CLIENT_DISCONNECT_TIMEOUT)
    .keep_alive(security::KEEP_ALIVE)
    // `run_until_stopped` handles the signals, so it can end live streams before the drain.
    .disable_signals()
    .listen(listener)?
    .run();
    Ok(server)
}

/// Ctrl-C, or SIGTERM from `docker stop` / Kubernetes.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
