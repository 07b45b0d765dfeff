//! One option read as the kind of value it takes (text, a list, a number), or an
//! [`OptionError`] naming it.

use super::given::Given;
use super::{OptionError, Page};

/// A text option; `None` when absent.
pub(super) fn text<'a>(
    given: &'a Given,
    option: &'static str,
) -> Result<Option<&'a str>, OptionError> {
    given
        .text()
        .map_err(|_| OptionError::new(option, "must be a string"))
}

/// A list option (an array of strings, or one comma-separated text); `None` when absent.
pub(super) fn list(
    given: &Given,
    option: &'static str,
) -> Result<Option<Vec<String>>, OptionError> {
    given
        .list()
        .map_err(|_| OptionError::new(option, "must be an array of strings"))
}

/// A number given as a number or as its text (an attribute); `why` says what it must be.
pub(super) fn number(
    given: &Given,
    option: &'static str,
    why: &str,
    page: &impl Page,
) -> Result<Option<f64>, OptionError> {
    let wrong = || OptionError::new(option, why);
    match given {
        Given::Absent => Ok(None),
        Given::Number(n) => Ok(Some(*n)),
        Given::Text(t) => page.number(t.trim()).map(Some).ok_or_else(wrong),
        _ => Err(wrong()),
    }
}
