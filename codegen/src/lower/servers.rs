//! Servers (with variables) and security: schemes, and the requirements that name them.

use serde_yaml::{Mapping, Value};

use super::refs::Shared;
use super::{Lowerer, child, get};
use crate::ir::{Requirement, Scheme, SchemeKind, Server, ServerVariable};
use crate::load::describe;

impl<'a> Lowerer<'a> {
    /// `servers`, each with its variables; a variable in a URL must be declared.
    pub(super) fn servers_of(&mut self, root: &Mapping) -> Vec<Server> {
        let Some(servers) = get(root, "servers") else {
            return Vec::new();
        };
        let Value::Sequence(list) = servers else {
            let what = describe(servers);
            self.error(
                "#/servers",
                format!("`servers` must be a list, but this is {what}"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, server) in list.iter().enumerate() {
            let sptr = child("#/servers", &i.to_string());
            let Some(server) = self.mapping(server, &sptr, "a server") else {
                continue;
            };
            self.keywords(server, &sptr, super::keywords::Object::Server);
            let Some(url) = self.text(server, &sptr, "url") else {
                if get(server, "url").is_none() {
                    self.error(&sptr, "the server has no `url`");
                }
                continue;
            };
            let description = self.text(server, &sptr, "description");
            let mut variables = Vec::new();
            if let Some(vars) = get(server, "variables") {
                let vptr = child(&sptr, "variables");
                if let Some(vars) = self.mapping(vars, &vptr, "`variables`") {
                    for (name, var) in self.entries(vars, &vptr) {
                        let nptr = child(&vptr, &name);
                        let Some(var) = self.mapping(var, &nptr, "a server variable") else {
                            continue;
                        };
                        self.keywords(var, &nptr, super::keywords::Object::ServerVariable);
                        let mut has_default = true;
                        let default = match get(var, "default") {
                            Some(Value::String(s)) => s.clone(),
                            Some(Value::Number(n)) => n.to_string(),
                            _ => {
                                self.warn(&nptr, format!("server variable `{name}` has no `default`, which OpenAPI requires; the client cannot make the default base URL without it, so a program must give it (`ClientBuilder::server_variable`)"));
                                // Left in place: the client refuses a URL that still holds it.
                                has_default = false;
                                format!("{{{name}}}")
                            }
                        };
                        let values = match get(var, "enum") {
                            Some(Value::Sequence(values)) => values
                                .iter()
                                .filter_map(|v| match v {
                                    Value::String(s) => Some(s.clone()),
                                    Value::Number(n) => Some(n.to_string()),
                                    _ => None,
                                })
                                .collect(),
                            _ => Vec::new(),
                        };
                        let doc = self.text(var, &nptr, "description");
                        variables.push(ServerVariable {
                            name,
                            default,
                            has_default,
                            values,
                            doc,
                        });
                    }
                }
            }
            for name in placeholders(&url) {
                if !variables.iter().any(|v| v.name == name) {
                    self.warn(&child(&sptr, "url"), format!("the server URL has `{{{name}}}` but `variables` declares no `{name}`; it is taken as a variable without a default, which a program must give (`ClientBuilder::server_variable`); declare it with a `default` to have one"));
                    variables.push(ServerVariable {
                        name: name.clone(),
                        default: format!("{{{name}}}"),
                        has_default: false,
                        values: Vec::new(),
                        doc: None,
                    });
                }
            }
            out.push(Server {
                url,
                description,
                variables,
            });
        }
        out
    }

    pub(super) fn security_scheme(&mut self, name: &str, scheme: &'a Value, ptr: &str) {
        let kind = self.scheme_kind(scheme, ptr);
        // Declared even when it is not understood, so requirements naming it do not report a
        // second problem.
        self.scheme_index
            .insert(name.to_owned(), self.schemes.len());
        self.schemes.push(Scheme {
            name: name.to_owned(),
            kind: kind.unwrap_or(SchemeKind::Bearer),
        });
    }

    fn scheme_kind(&mut self, scheme: &'a Value, ptr: &str) -> Option<SchemeKind> {
        let (scheme, ptr) = self.resolve(scheme, ptr, Shared::SecurityScheme)?;
        let ptr = ptr.as_str();
        let scheme = self.mapping(scheme, ptr, "a security scheme")?;
        self.keywords(scheme, ptr, super::keywords::Object::SecurityScheme);
        if let Some(Value::Mapping(flows)) = get(scheme, "flows") {
            let fptr = child(ptr, "flows");
            self.keywords(flows, &fptr, super::keywords::Object::OAuthFlows);
            for (name, flow) in flows {
                if let (Some(name), Value::Mapping(flow)) = (name.as_str(), flow) {
                    self.keywords(
                        flow,
                        &child(&fptr, name),
                        super::keywords::Object::OAuthFlow,
                    );
                }
            }
        }
        const KINDS: &str = "`http` (bearer or basic), `apiKey`, `oauth2` or `openIdConnect`";
        match self.text(scheme, ptr, "type").as_deref() {
            Some("oauth2" | "openIdConnect") => Some(SchemeKind::Bearer),
            Some("http") => {
                let http = self.text(scheme, ptr, "scheme");
                match http.as_deref().map(str::to_ascii_lowercase).as_deref() {
                    Some("bearer") => Some(SchemeKind::Bearer),
                    Some("basic") => Some(SchemeKind::Basic),
                    other => {
                        self.error(
                            &child(ptr, "scheme"),
                            format!(
                                "http scheme `{}` is not supported; the generated client sends `bearer` and `basic` credentials",
                                other.unwrap_or_default()
                            ),
                        );
                        None
                    }
                }
            }
            Some("apiKey") => {
                let name = self.text(scheme, ptr, "name");
                let location = self.text(scheme, ptr, "in");
                match (name, location.as_deref()) {
                    (Some(name), Some("header")) => {
                        if !super::content::is_token(&name) {
                            self.error(&child(ptr, "name"), format!("`{name}` cannot be an HTTP header name; use letters, digits and `-`"));
                            return None;
                        }
                        Some(SchemeKind::ApiKeyHeader(name.to_ascii_lowercase()))
                    }
                    (Some(name), Some("query")) => Some(SchemeKind::ApiKeyQuery(name)),
                    (Some(name), Some("cookie")) => Some(SchemeKind::ApiKeyCookie(name)),
                    (None, _) => {
                        self.error(ptr, "an apiKey scheme needs `name`: the header, query parameter or cookie that carries the key");
                        None
                    }
                    (Some(_), None) => {
                        self.error(
                            ptr,
                            "an apiKey scheme needs `in`: `header`, `query` or `cookie`",
                        );
                        None
                    }
                    (Some(_), Some(other)) => {
                        self.error(&child(ptr, "in"), format!("an apiKey scheme needs `in: header`, `query` or `cookie`, not `{other}`"));
                        None
                    }
                }
            }
            // The certificate rides on the connection: the caller's reqwest client holds it.
            Some("mutualTLS") => Some(SchemeKind::MutualTls),
            Some(other) => {
                self.error(
                    &child(ptr, "type"),
                    format!("security scheme type `{other}` is not supported; expected {KINDS}"),
                );
                None
            }
            None => {
                if get(scheme, "type").is_none() {
                    self.error(
                        ptr,
                        format!("the security scheme has no `type`; expected {KINDS}"),
                    );
                }
                None
            }
        }
    }

    /// Reads a security requirement list: alternatives, each with the schemes it uses and the
    /// scopes it needs. `[]` means no credentials; `[{}]` too.
    pub(super) fn security(&mut self, value: &Value, ptr: &str) -> Vec<Requirement> {
        let Value::Sequence(list) = value else {
            let what = describe(value);
            self.error(
                ptr,
                format!("`security` must be a list of requirements, but this is {what}"),
            );
            return Vec::new();
        };
        let mut alternatives = Vec::new();
        for (i, requirement) in list.iter().enumerate() {
            let rptr = child(ptr, &i.to_string());
            let Some(requirement) = self.mapping(requirement, &rptr, "a security requirement")
            else {
                continue;
            };
            let mut schemes = Vec::new();
            let mut scopes = Vec::new();
            let mut satisfiable = true;
            for (scheme, list) in self.entries(requirement, &rptr) {
                let sptr = child(&rptr, &scheme);
                match self.scheme_index.get(&scheme) {
                    Some(&index) => schemes.push(index),
                    None => {
                        // No client can send what the spec does not describe: the
                        // alternative is left out (said once per scheme), the rest stands.
                        satisfiable = false;
                        if self.once.insert(format!("scheme {scheme}")) {
                            self.warn(&sptr, format!("security scheme `{scheme}` is not declared in `components.securitySchemes`; the requirements naming it are left out, so the client cannot send that credential (declare the scheme to send it)"));
                        }
                    }
                }
                match list {
                    Value::Sequence(items) => {
                        for (j, item) in items.iter().enumerate() {
                            match item {
                                Value::String(s) => scopes.push(s.clone()),
                                other => {
                                    let what = describe(other);
                                    self.error(
                                        &child(&sptr, &j.to_string()),
                                        format!("a scope must be a string, but this is {what}"),
                                    );
                                }
                            }
                        }
                    }
                    other => {
                        let what = describe(other);
                        self.error(&sptr, format!("the scopes of `{scheme}` must be a list (`[]` for none), but this is {what}"));
                    }
                }
            }
            if satisfiable {
                alternatives.push(Requirement { schemes, scopes });
            }
        }
        alternatives
    }
}

/// The `{name}` placeholders of a URL or path template, in order.
pub(super) fn placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    names
}

/// The first server's URL with each variable at its default, when that is an absolute
/// http(s) URL and every variable has a default.
pub(super) fn default_base_url(servers: &[Server]) -> Option<String> {
    let server = servers.first()?;
    if server.variables.iter().any(|v| !v.has_default) {
        return None;
    }
    let mut url = server.url.clone();
    for v in &server.variables {
        url = url.replace(&format!("{{{}}}", v.name), &v.default);
    }
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}
