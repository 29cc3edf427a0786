//! Decimal amounts (money, limits) kept exactly as the server wrote them.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A decimal amount such as a balance or a price, for `format: decimal` strings.
///
/// The API sends amounts as JSON strings (`"351.52"`) and sometimes as JSON numbers (`20`).
/// Both are accepted. The text is kept exactly as received and written back in the same JSON
/// form, so a received object sent back in a PUT carries the very same amount; nothing is
/// rounded through a binary float. Convert with [`Decimal::as_str`] or `str::parse` when
/// arithmetic is needed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    text: String,
    number: bool,
}

/// Why a text is not a decimal amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDecimalError {
    text: String,
}

impl fmt::Display for ParseDecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a decimal amount; expected digits with an optional sign and one decimal point, such as \"351.52\"",
            self.text
        )
    }
}

impl std::error::Error for ParseDecimalError {}

fn is_decimal(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !(whole.is_empty() && fraction.is_empty())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

impl Decimal {
    /// A decimal amount from its text, such as `"351.52"`; sent as a JSON string.
    pub fn new(text: impl Into<String>) -> Result<Self, ParseDecimalError> {
        let text = text.into();
        if is_decimal(&text) {
            Ok(Decimal {
                text,
                number: false,
            })
        } else {
            Err(ParseDecimalError { text })
        }
    }

    /// The amount as written, for example `"351.52"`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when the amount arrived as a JSON number rather than a string.
    pub fn was_json_number(&self) -> bool {
        self.number
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for Decimal {
    type Err = ParseDecimalError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Decimal::new(text)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.number {
            if let Ok(n) = self.text.parse::<u64>() {
                return serializer.serialize_u64(n);
            }
            if let Ok(n) = self.text.parse::<i64>() {
                return serializer.serialize_i64(n);
            }
            if let Ok(n) = self.text.parse::<f64>() {
                return serializer.serialize_f64(n);
            }
        }
        serializer.serialize_str(&self.text)
    }
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal amount as a string or a number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        // Received text is kept even when it is not a well-formed amount: refusing it would
        // fail the whole response over one field the client only passes through.
        Ok(Decimal {
            text: v.to_owned(),
            number: false,
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Decimal, E> {
        Ok(Decimal {
            text: v,
            number: false,
        })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal {
            text: v.to_string(),
            number: true,
        })
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal {
            text: v.to_string(),
            number: true,
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        // Rust prints the shortest text that reads back as the same f64, so 351.52 stays
        // "351.52".
        Ok(Decimal {
            text: v.to_string(),
            number: true,
        })
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::Decimal;

    fn round_trip(json: &str) -> String {
        let value: Decimal = serde_json::from_str(json).unwrap();
        serde_json::to_string(&value).unwrap()
    }

    #[test]
    fn strings_and_numbers_come_back_as_they_came() {
        for json in [
            r#""351.52""#,
            r#""0""#,
            r#""0.60""#,
            "20",
            "351.52",
            "-3",
            "0.6",
        ] {
            assert_eq!(round_trip(json), json);
        }
    }

    #[test]
    fn new_checks_the_text() {
        assert_eq!(Decimal::new("351.52").unwrap().as_str(), "351.52");
        assert!(Decimal::new("-0.5").is_ok());
        for bad in ["", ".", "1.2.3", "12a", "1e5", " 1"] {
            assert!(Decimal::new(bad).is_err(), "{bad:?} accepted");
        }
    }
}
