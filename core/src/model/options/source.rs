//! Where the cards' data comes from: `cloud`, `region`, `allowedOrigins`, `apiBase`, `scopes`,
//! and snapshot mode's `snapshot` folder.

use super::given::{Given, GivenOptions};
use super::read::{list, text};
use super::{OptionError, Page};
use crate::model::cloud::parse_origin;
use crate::model::{ApiBase, Cloud, OriginCheck, Region};

/// The API the cards ask, checked against the origins a token may go to.
pub(super) struct Api {
    /// The cloud.
    pub(super) cloud: Cloud,
    /// Where requests go.
    pub(super) base: ApiBase,
    /// `allowedOrigins`, each a normalised origin.
    pub(super) allowed: Vec<String>,
    /// The page's own origin, if it has a real one.
    pub(super) page_origin: Option<String>,
}

/// `cloud`, `region`, `allowedOrigins` and `apiBase`, in that order: the API base given or
/// the cloud's (and region's), on a Defender API host of the cloud, the page's own origin or
/// one in `allowedOrigins`.
pub(super) fn api(given: &GivenOptions, page: &impl Page) -> Result<Api, OptionError> {
    let cloud = cloud(&given.cloud)?;
    let region = region(&given.region, cloud)?;
    let allowed = list(&given.allowed_origins, "allowedOrigins")?
        .unwrap_or_default()
        .iter()
        .map(|o| {
            parse_origin(o)
                .map_err(|why| OptionError::new("allowedOrigins", format!("entry \"{o}\" {why}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let page_origin = page.origin();
    let base_text = match text(&given.api_base, "apiBase")? {
        Some(b) => b.to_owned(),
        None => cloud.api_base(region),
    };
    let base = ApiBase::parse(&base_text, page_origin.as_deref())
        .map_err(|why| OptionError::new("apiBase", why))?;
    if !OriginCheck::of(base.origin(), cloud, page_origin.as_deref(), &allowed).permits() {
        return Err(OptionError::new(
            "apiBase",
            format!(
                "points at {}, which is not a Defender API host of the {} cloud, the page's own \
                 origin, or in `allowedOrigins`: no token will be sent there",
                base.origin(),
                cloud.as_str()
            ),
        ));
    }
    Ok(Api {
        cloud,
        base,
        allowed,
        page_origin,
    })
}

/// `cloud`: commercial unless given.
fn cloud(given: &Given) -> Result<Cloud, OptionError> {
    match text(given, "cloud")? {
        None => Ok(Cloud::Commercial),
        Some(c) => Cloud::parse(c).ok_or_else(|| {
            OptionError::new(
                "cloud",
                "must be \"commercial\", \"gcc\", \"gcc-high\" or \"dod\"",
            )
        }),
    }
}

/// `region`: a commercial geo host, or none.
fn region(given: &Given, cloud: Cloud) -> Result<Option<Region>, OptionError> {
    match text(given, "region")? {
        None | Some("") => Ok(None),
        Some(_) if cloud != Cloud::Commercial => Err(OptionError::new(
            "region",
            "applies only to the commercial cloud",
        )),
        Some(r) => Ok(Some(Region::parse(r).ok_or_else(|| {
            OptionError::new("region", "must be one of us, eu, uk, au, swa, ina, aea")
        })?)),
    }
}

/// `scopes` (`name`), or `recommendationScopes`: `default` unless given; none may be blank.
pub(super) fn scopes(
    given: &Given,
    name: &'static str,
    default: Vec<String>,
) -> Result<Vec<String>, OptionError> {
    match list(given, name)? {
        None => Ok(default),
        Some(s) if s.is_empty() || s.iter().any(|x| x.trim().is_empty()) => Err(OptionError::new(
            name,
            "must be a non-empty array of scope strings",
        )),
        Some(s) => Ok(s),
    }
}

/// `snapshot`: the folder, when given (see [`snapshot_folder`]).
pub(super) fn snapshot(
    given: &Given,
    page_origin: Option<&str>,
    allowed: &[String],
    page: &impl Page,
) -> Result<Option<ApiBase>, OptionError> {
    match text(given, "snapshot")? {
        None => Ok(None),
        Some(url) => Ok(Some(snapshot_folder(url, page_origin, allowed, page)?)),
    }
}

/// The `snapshot` folder: resolved against the page, an absolute http(s) URL without query or
/// fragment, on the page's own origin or one in `allowedOrigins` (it is read with the page's
/// cookies, so never from anywhere else). Its files are `folder.url("/snapshot.json")`.
fn snapshot_folder(
    url: &str,
    page_origin: Option<&str>,
    allowed: &[String],
    page: &impl Page,
) -> Result<ApiBase, OptionError> {
    let wrong = |why: String| OptionError::new("snapshot", why);
    if url.trim().is_empty() {
        return Err(wrong(
            "must be the URL of the published snapshot folder".into(),
        ));
    }
    let absolute = page
        .resolve(url.trim())
        .ok_or_else(|| wrong(format!("\"{url}\" is not a URL")))?;
    let folder = ApiBase::parse(&absolute, page_origin).map_err(wrong)?;
    let origin = folder.origin();
    if page_origin != Some(origin) && !allowed.iter().any(|a| a == origin) {
        return Err(wrong(format!(
            "points at {origin}, which is neither the page's own origin nor in `allowedOrigins`: \
             nothing is read from there"
        )));
    }
    Ok(folder)
}
