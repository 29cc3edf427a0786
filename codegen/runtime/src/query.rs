//! Typed builders for the query expressions of list operations: [`Filter`] (`attribute
//! operator value`, conditions joined with `and`) and [`Order`] (`attribute asc|desc`).
//!
//! The builders write the expression text; the request functions percent-encode it into the
//! query string as they do any value. Input the language cannot carry is never sent as
//! something else: the builder keeps the problem and the request is refused with
//! [`Error::InvalidArgument`] before anything is sent.

use std::fmt;

use crate::Error;

/// A value on the right of a filter condition.
///
/// Text (`&str`, `String`) is quoted: in double quotes, or in single quotes when it holds a
/// double quote. Numbers and booleans are written bare. [`FilterValue::bare`] writes a word
/// as it is, for values the language reads unquoted (`latlng:40.7,-74.0`).
#[derive(Clone, Debug, PartialEq)]
pub enum FilterValue {
    /// Text, written quoted.
    Text(String),
    /// A word written as it is: a number, `true`, `false`, or another unquoted token.
    Bare(String),
}

impl FilterValue {
    /// A word written without quotes. It must be non-empty and hold no space, quote,
    /// backslash or control character; anything else is refused when the filter is used.
    pub fn bare(word: impl Into<String>) -> Self {
        FilterValue::Bare(word.into())
    }

    fn write(&self, out: &mut String) -> Result<(), String> {
        match self {
            FilterValue::Bare(word) => {
                if word.is_empty()
                    || word.chars().any(|c| {
                        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '\\')
                    })
                {
                    return Err(format!(
                        "`{}` cannot be written unquoted (it is empty or holds a space, quote, backslash or control character); pass it as text",
                        word.escape_debug()
                    ));
                }
                out.push_str(word);
            }
            FilterValue::Text(text) => {
                if let Some(c) = text.chars().find(|c| c.is_control() || *c == '\\') {
                    return Err(format!(
                        "the value `{}` holds {:?}, which the filter language has no documented way to carry",
                        text.escape_debug(),
                        c
                    ));
                }
                let quote = match (text.contains('"'), text.contains('\'')) {
                    (false, _) => '"',
                    (true, false) => '\'',
                    (true, true) => {
                        return Err(format!(
                            "the value `{}` holds both quote characters; the filter language has no escape for them",
                            text.escape_debug()
                        ));
                    }
                };
                out.push(quote);
                out.push_str(text);
                out.push(quote);
            }
        }
        Ok(())
    }
}

impl From<&str> for FilterValue {
    fn from(text: &str) -> Self {
        FilterValue::Text(text.to_owned())
    }
}

impl From<String> for FilterValue {
    fn from(text: String) -> Self {
        FilterValue::Text(text)
    }
}

impl From<&String> for FilterValue {
    fn from(text: &String) -> Self {
        FilterValue::Text(text.clone())
    }
}

impl From<bool> for FilterValue {
    fn from(value: bool) -> Self {
        FilterValue::Bare(value.to_string())
    }
}

macro_rules! bare_numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for FilterValue {
            fn from(value: $t) -> Self {
                FilterValue::Bare(value.to_string())
            }
        }
    )*};
}
bare_numbers!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize, f32, f64);

impl From<crate::Decimal> for FilterValue {
    fn from(value: crate::Decimal) -> Self {
        FilterValue::Bare(value.as_str().to_owned())
    }
}

/// Whether `name` is an attribute the languages accept: words of ASCII letters, digits and
/// `_`, joined by `.` for nested fields (`trunks.allow_transfer`).
fn check_attribute(name: &str) -> Result<(), String> {
    let word = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if name.split('.').all(word) {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not an attribute name (ASCII letters, digits and `_`, nested fields joined with `.`)",
            name.escape_debug()
        ))
    }
}

/// A result filter: conditions `attribute operator value`, all of which must hold.
///
/// ```ignore
/// let filter = Filter::new().eq("state", "NY").like("phonenumber", "%555%");
/// assert_eq!(filter.to_string(), r#"state eq "NY" and phonenumber like "%555%""#);
/// ```
///
/// The operators the API documents have methods (`eq`, `gt`, `ge`, `lt`, `like`);
/// [`Filter::condition`] writes any other operator word, and [`Filter::raw`] appends a condition
/// written by hand, unchecked. A condition the language cannot carry (see [`FilterValue`]) is
/// kept as a problem: [`Filter::check`] reports it, and a request with the filter is refused
/// before it is sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    text: String,
    problem: Option<String>,
}

impl Filter {
    /// A filter without conditions (sent as no filter at all).
    pub fn new() -> Self {
        Filter::default()
    }

    /// Adds `attribute eq value`: equal.
    pub fn eq(self, attribute: &str, value: impl Into<FilterValue>) -> Self {
        self.condition(attribute, "eq", value)
    }

    /// Adds `attribute gt value`: greater than.
    pub fn gt(self, attribute: &str, value: impl Into<FilterValue>) -> Self {
        self.condition(attribute, "gt", value)
    }

    /// Adds `attribute ge value`: greater than or equal.
    pub fn ge(self, attribute: &str, value: impl Into<FilterValue>) -> Self {
        self.condition(attribute, "ge", value)
    }

    /// Adds `attribute lt value`: less than.
    pub fn lt(self, attribute: &str, value: impl Into<FilterValue>) -> Self {
        self.condition(attribute, "lt", value)
    }

    /// Adds `attribute like pattern`: a pattern with `%` as the wildcard.
    pub fn like(self, attribute: &str, pattern: impl Into<FilterValue>) -> Self {
        self.condition(attribute, "like", pattern)
    }

    /// Adds `attribute operator value` for an operator without its own method (`ne`, `le`,
    /// ...): one word of ASCII lower-case letters other than `and`.
    pub fn condition(
        mut self,
        attribute: &str,
        operator: &str,
        value: impl Into<FilterValue>,
    ) -> Self {
        if self.problem.is_some() {
            return self;
        }
        let mut condition = String::new();
        let written = check_attribute(attribute)
            .and_then(|()| {
                if operator.is_empty()
                    || operator == "and"
                    || !operator.bytes().all(|b| b.is_ascii_lowercase())
                {
                    Err(format!(
                        "`{}` is not an operator (one word of ASCII lower-case letters, not `and`)",
                        operator.escape_debug()
                    ))
                } else {
                    Ok(())
                }
            })
            .and_then(|()| {
                condition.push_str(attribute);
                condition.push(' ');
                condition.push_str(operator);
                condition.push(' ');
                value.into().write(&mut condition)
            });
        match written {
            Ok(()) => self.push(&condition),
            Err(problem) => self.problem = Some(problem),
        }
        self
    }

    /// Appends a condition written by hand, as it is: the escape hatch for what the builder
    /// does not write. Only control characters are refused.
    pub fn raw(mut self, condition: &str) -> Self {
        if self.problem.is_none() {
            if condition.chars().any(char::is_control) {
                self.problem = Some("a raw condition holds a control character".to_owned());
            } else if !condition.trim().is_empty() {
                self.push(condition.trim());
            }
        }
        self
    }

    /// Reads a filter written in the language, such as `state eq "NY" and phonenumber like
    /// '%555%'`: conditions `attribute operator value` joined with `and`, each value quoted
    /// (single or double quotes) or one bare word. The result writes the same conditions,
    /// each checked as the builder checks them.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let invalid = |reason: String| Error::InvalidArgument {
            name: "filter",
            reason,
            call: None,
        };
        let mut filter = Filter::new();
        let mut rest = text.trim_start();
        while !rest.is_empty() {
            let (attribute, after) = word(rest);
            let (operator, after) = word(after);
            if attribute.is_empty() || operator.is_empty() || after.is_empty() {
                return Err(invalid(format!(
                    "expected `attribute operator value` at `{}`",
                    rest.escape_debug()
                )));
            }
            let (value, after) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let Some(end) = inner.find(quote) else {
                        return Err(invalid(format!(
                            "an unclosed {quote} at `{}`",
                            after.escape_debug()
                        )));
                    };
                    (
                        FilterValue::Text(inner[..end].to_owned()),
                        &inner[end + 1..],
                    )
                }
                _ => {
                    let (bare, after) = word(after);
                    (FilterValue::Bare(bare.to_owned()), after)
                }
            };
            filter = filter.condition(attribute, operator, value);
            if let Some(problem) = filter.problem.take() {
                return Err(invalid(problem));
            }
            rest = after.trim_start();
            if rest.is_empty() {
                break;
            }
            let (and, after) = word(rest);
            if and != "and" || after.trim().is_empty() {
                return Err(invalid(format!(
                    "expected `and` and another condition at `{}` (the language joins conditions with `and` only)",
                    rest.escape_debug()
                )));
            }
            rest = after;
        }
        Ok(filter)
    }

    /// `Ok` when every condition could be written; otherwise why not.
    pub fn check(&self) -> Result<(), Error> {
        match &self.problem {
            None => Ok(()),
            Some(problem) => Err(Error::InvalidArgument {
                name: "filter",
                reason: problem.clone(),
                call: None,
            }),
        }
    }

    /// Whether the filter has no condition.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.problem.is_none()
    }

    fn push(&mut self, condition: &str) {
        if !self.text.is_empty() {
            self.text.push_str(" and ");
        }
        self.text.push_str(condition);
    }

    /// The text for the query string, `None` without conditions; refused (naming the
    /// argument) when a condition could not be written.
    #[doc(hidden)]
    pub fn to_query(&self, argument: &'static str) -> Result<Option<&str>, Error> {
        query_text(&self.text, self.problem.as_deref(), argument)
    }
}

/// The expression as it is sent (with a problem, the conditions written before it).
/// A call builder's setter takes `impl Into<Filter>`: a borrowed filter is cloned.
impl From<&Filter> for Filter {
    fn from(filter: &Filter) -> Self {
        filter.clone()
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// An expression's text for the query string: `None` when empty, refused when it could not
/// be written.
fn query_text<'a>(
    text: &'a str,
    problem: Option<&str>,
    argument: &'static str,
) -> Result<Option<&'a str>, Error> {
    match problem {
        Some(problem) => Err(Error::InvalidArgument {
            name: argument,
            reason: problem.to_owned(),
            call: None,
        }),
        None if text.is_empty() => Ok(None),
        None => Ok(Some(text)),
    }
}

/// The first whitespace-separated word of `text`, and what follows it.
fn word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    (&text[..end], text[end..].trim_start())
}

/// The order of a list: by an attribute, ascending or descending, or shuffled.
#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    text: String,
    problem: Option<String>,
}

impl Order {
    fn by(attribute: &str, direction: &str) -> Self {
        match check_attribute(attribute) {
            Ok(()) => Order {
                text: format!("{attribute} {direction}"),
                problem: None,
            },
            Err(problem) => Order {
                text: String::new(),
                problem: Some(problem),
            },
        }
    }

    /// `attribute asc`: ascending (alphabetical for text).
    pub fn asc(attribute: &str) -> Self {
        Order::by(attribute, "asc")
    }

    /// `attribute desc`: descending.
    pub fn desc(attribute: &str) -> Self {
        Order::by(attribute, "desc")
    }

    /// `shuffle`: random order.
    pub fn shuffle() -> Self {
        Order {
            text: "shuffle".to_owned(),
            problem: None,
        }
    }

    /// An order written by hand, sent as it is; only control characters are refused.
    pub fn raw(text: &str) -> Self {
        if text.chars().any(char::is_control) {
            Order {
                text: String::new(),
                problem: Some("a raw order holds a control character".to_owned()),
            }
        } else {
            Order {
                text: text.trim().to_owned(),
                problem: None,
            }
        }
    }

    /// The text for the query string; refused (naming the argument) when the attribute was
    /// not a name.
    #[doc(hidden)]
    pub fn to_query(&self, argument: &'static str) -> Result<Option<&str>, Error> {
        query_text(&self.text, self.problem.as_deref(), argument)
    }
}

/// The expression as it is sent.
/// A call builder's setter takes `impl Into<Order>`: a borrowed order is cloned.
impl From<&Order> for Order {
    fn from(order: &Order) -> Self {
        order.clone()
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl crate::args::Expression for Filter {
    #[inline]
    fn to_query(&self, argument: &'static str) -> Result<Option<&str>, Error> {
        Filter::to_query(self, argument)
    }
}

impl crate::args::Expression for Order {
    #[inline]
    fn to_query(&self, argument: &'static str) -> Result<Option<&str>, Error> {
        Order::to_query(self, argument)
    }
}

#[cfg(test)]
mod tests {
    use super::{Filter, FilterValue, Order};

    #[test]
    fn conditions_are_joined_with_and_and_text_is_quoted() {
        let filter = Filter::new()
            .eq("state", "NY")
            .like("phonenumber", "%555%")
            .gt("maximum_ttl", 40000)
            .eq("trunks.allow_transfer", false);
        assert_eq!(
            filter.to_string(),
            r#"state eq "NY" and phonenumber like "%555%" and maximum_ttl gt 40000 and trunks.allow_transfer eq false"#
        );
        assert_eq!(
            Filter::new().eq("name", r#"say "hi""#).to_string(),
            r#"name eq 'say "hi"'"#
        );
        assert_eq!(
            Filter::new().eq("name", "filter value name").to_string(),
            r#"name eq "filter value name""#
        );
    }

    #[test]
    fn what_cannot_be_quoted_is_refused_not_sent_differently() {
        for filter in [
            Filter::new().eq("name", r#"it's "x""#),
            Filter::new().eq("name", "line\nbreak"),
            Filter::new().eq("name", r"back\slash"),
            Filter::new().eq("name or 1", "x"),
            Filter::new().eq("", "x"),
            Filter::new().condition("name", "eq x", "y"),
            Filter::new().condition("name", "and", "y"),
            Filter::new().eq("name", FilterValue::bare("two words")),
        ] {
            assert!(filter.check().is_err(), "{filter:?}");
            assert!(filter.to_query("filter").is_err(), "{filter:?}");
        }
        // A later valid condition does not hide an earlier problem.
        assert!(Filter::new().eq("a b", 1).eq("c", 2).check().is_err());
    }

    #[test]
    fn parsing_keeps_the_meaning() {
        let parsed = Filter::parse(
            r#"state eq 'NY'   and phonenumber like "%555%" and maximum_ttl gt 40000"#,
        )
        .unwrap();
        assert_eq!(
            parsed.to_string(),
            r#"state eq "NY" and phonenumber like "%555%" and maximum_ttl gt 40000"#
        );
        assert_eq!(
            Filter::parse("name eq \"a and b\"").unwrap(),
            Filter::new().eq("name", "a and b")
        );
        for bad in [
            "state",
            "state eq",
            "state eq \"NY",
            "a eq 1 or b eq 2",
            "a eq 1 and",
            "a eq 'x\"y",
        ] {
            assert!(Filter::parse(bad).is_err(), "{bad}");
        }
        assert!(
            Filter::parse("")
                .unwrap()
                .to_query("filter")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn orders() {
        assert_eq!(Order::asc("name").to_string(), "name asc");
        assert_eq!(Order::desc("date_stop").to_string(), "date_stop desc");
        assert_eq!(Order::shuffle().to_string(), "shuffle");
        assert!(Order::asc("name desc").to_query("order").is_err());
    }
}
