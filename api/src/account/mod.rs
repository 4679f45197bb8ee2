//! The signed-in user's own account: settings, password, a copy of their data, deletion.
pub mod data;
pub mod password;
pub mod settings;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(settings::get_settings)
        .service(settings::update_settings)
        .service(password::change_password)
        .service(data::export_account)
        .service(data::delete_account);
}
