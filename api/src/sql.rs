//! A raw statement built piece by piece with the backend's own placeholders (`?` on SQLite,
//! `$n` on PostgreSQL), for the queries sea-query can't express (MATCH, tsquery, bm25, JSON
//! aggregates), and the few SQL functions the two backends spell differently.

use sea_orm::{DbBackend, Statement, Value};

pub struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: DbBackend) -> Self {
        Self { backend, text: String::new(), values: Vec::new() }
    }

    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    /// Appends a placeholder bound to `v`.
    pub fn bind(&mut self, v: impl Into<Value>) -> &mut Self {
        self.values.push(v.into());
        match self.backend {
            DbBackend::Postgres => {
                let n = self.values.len();
                self.text.push_str(&format!("${n}"));
            }
            _ => self.text.push('?'),
        }
        self
    }

    /// `(a, b, c)` of placeholders, one per value (never empty: callers check first).
    pub fn bind_list<V: Into<Value>>(&mut self, values: impl IntoIterator<Item = V>) -> &mut Self {
        self.push("(");
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(v);
        }
        self.push(")")
    }

    pub fn build(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

/// A JSON object built from `(key, SQL expression)` pairs (keys are literals of ours).
pub fn json_object(backend: DbBackend, fields: &[(&str, &str)]) -> String {
    let args = fields.iter().map(|(key, expr)| format!("'{key}', {expr}")).collect::<Vec<_>>().join(", ");
    match backend {
        DbBackend::Postgres => format!("json_build_object({args})"),
        _ => format!("json_object({args})"),
    }
}

/// A JSON value as text, for reading into a `String`.
pub fn json_text(backend: DbBackend, expr: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("CAST({expr} AS TEXT)"),
        _ => expr.to_string(),
    }
}

/// The JSON array of `expr` over a group, as text; `[]` when the group is empty.
pub fn json_array_agg(backend: DbBackend, expr: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("COALESCE(CAST(json_agg({expr}) AS TEXT), '[]')"),
        _ => format!("json_group_array({expr})"),
    }
}

/// The UTC day (`YYYY-MM-DD`) of a timestamp column. SQLite keeps timestamps as RFC 3339 text
/// in UTC, so the day is its first ten characters.
pub fn utc_day(backend: DbBackend, column: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
        _ => format!("substr({column}, 1, 10)"),
    }
}
