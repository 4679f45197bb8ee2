//! Comments on posts: threads of any depth, rendered like posts, held for review by the
//! rules a site chooses, reported by readers and moderated by admins (`admin/comments`).
pub mod dto;
pub mod moderation;
pub mod routes;
pub mod service;
pub mod spam;
mod tree;

pub const PUBLISHED: &str = "published";
pub const PENDING: &str = "pending";
pub const HIDDEN: &str = "hidden";
pub const DELETED: &str = "deleted";

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_comments).service(routes::create_comment).service(routes::edit_comment).service(routes::delete_comment).service(routes::report_comment);
}
