//! Reading an OData collection page by page: which `@odata.nextLink` to follow and when to
//! stop ([`NextLinks`]), for the device groups ([`GroupPages`]) and the security
//! recommendations ([`RecommendationPages`]).

use crate::model::api::json::Found;
use crate::model::api::problem::Problem;
use crate::model::api::raw::recommendations::RawRecommendationPage;
use crate::model::api::raw::RawGroupPage;
use crate::model::cards::recommendations::{Recommendation, Recommendations, MAX_RECOMMENDATIONS};
use crate::model::cards::scores::{DeviceGroupScore, DeviceGroupScores, MAX_GROUPS, MAX_PAGES};
use crate::model::cloud::ApiBase;

/// The next-link rules of one paged read: a next link must be a string on the API's own
/// origin and not a page already read. Each collection holds its reads to [`MAX_PAGES`]
/// ([`NextLinks::pages`]) and says so in its own words.
pub struct NextLinks {
    base: ApiBase,
    visited: Vec<String>,
}

impl NextLinks {
    /// Starts at `first_url` on `base`.
    pub fn new(base: &ApiBase, first_url: String) -> NextLinks {
        NextLinks {
            base: base.clone(),
            visited: vec![first_url],
        }
    }

    /// How many pages are read or to be read: the first and every link followed.
    pub fn pages(&self) -> usize {
        self.visited.len()
    }

    /// The URL to read next after a page whose `@odata.nextLink` was `link` (absent or
    /// `null`: `None`, the last page), or why it is refused; a link followed counts as a page.
    pub fn follow(&mut self, link: Option<Found>) -> Result<Option<String>, Problem> {
        let link = match link {
            None | Some(Found::Null) => return Ok(None),
            Some(Found::Text(link)) => link,
            Some(other) => {
                return Err(Problem::WrongType {
                    field: "@odata.nextLink".into(),
                    expected: "a URL string",
                    found: other.type_name(),
                })
            }
        };
        if !self.base.owns(&link) {
            return Err(Problem::ForeignNextLink);
        }
        if self.visited.contains(&link) {
            return Err(Problem::NextLinkLoop);
        }
        self.visited.push(link.clone());
        Ok(Some(link))
    }
}

/// The groups read so far and the pages visited.
pub struct GroupPages {
    links: NextLinks,
    groups: Vec<DeviceGroupScore>,
}

impl GroupPages {
    /// Starts at `first_url` on `base`.
    pub fn new(base: &ApiBase, first_url: String) -> GroupPages {
        GroupPages {
            links: NextLinks::new(base, first_url),
            groups: Vec::new(),
        }
    }

    /// Adds one page and returns the next URL to read, or `None` when this was the last.
    /// A next link must be a string on the API's own origin, not a page already read,
    /// and within the page and group limits.
    pub fn add(&mut self, page: RawGroupPage) -> Result<Option<String>, Problem> {
        let (mut items, link) = page.into_groups(self.groups.len())?;
        self.groups.append(&mut items);
        if self.groups.len() > MAX_GROUPS {
            return Err(Problem::TooManyGroups(MAX_GROUPS));
        }
        let next = self.links.follow(link)?;
        if self.links.pages() > MAX_PAGES {
            return Err(Problem::TooManyPages(MAX_PAGES));
        }
        Ok(next)
    }

    /// All groups read, worst first.
    pub fn finish(&mut self) -> DeviceGroupScores {
        DeviceGroupScores::new(std::mem::take(&mut self.groups))
    }
}

/// The active recommendations read so far, how many items the pages held in all, and the
/// pages visited.
pub struct RecommendationPages {
    links: NextLinks,
    active: Vec<Recommendation>,
    items: usize,
}

impl RecommendationPages {
    /// Starts at `first_url` on `base`.
    pub fn new(base: &ApiBase, first_url: String) -> RecommendationPages {
        RecommendationPages {
            links: NextLinks::new(base, first_url),
            active: Vec::new(),
            items: 0,
        }
    }

    /// Adds one page and returns the next URL to read, or `None` when this was the last:
    /// the next-link rules of [`NextLinks`], and at most [`MAX_RECOMMENDATIONS`] items in all.
    pub fn add(&mut self, page: RawRecommendationPage) -> Result<Option<String>, Problem> {
        let (mut active, items, link) = page.into_recommendations(self.items)?;
        self.items += items;
        if self.items > MAX_RECOMMENDATIONS {
            return Err(Problem::TooManyRecommendations(MAX_RECOMMENDATIONS));
        }
        self.active.append(&mut active);
        let next = self.links.follow(link)?;
        if self.links.pages() > MAX_PAGES {
            return Err(Problem::TooManyRecommendationPages(MAX_PAGES));
        }
        Ok(next)
    }

    /// The `top` that would lower the exposure score most, and how many are active.
    pub fn finish(&mut self, top: usize) -> Recommendations {
        Recommendations::rank(std::mem::take(&mut self.active), top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://api.security.microsoft.com";
    const FIRST: &str = "https://api.security.microsoft.com/api/exposureScore/ByMachineGroups";

    fn page(json: &str) -> RawGroupPage {
        let decoded = crate::model::api::json::from_json(json).expect("test page decodes");
        RawGroupPage::from_body(decoded).expect("test page is an object")
    }

    fn pages() -> GroupPages {
        let base = ApiBase::parse(BASE, None).expect("valid base");
        GroupPages::new(&base, FIRST.into())
    }

    fn with_link(name: &str, link: &str) -> String {
        format!(
            r#"{{"value":[{{"time":"2019-12-03T09:51:28Z","score":5,"rbacGroupName":"{name}"}}],"@odata.nextLink":"{link}"}}"#
        )
    }

    #[test]
    fn pages_on_the_api_origin_are_followed_and_collected() {
        let mut p = pages();
        let second = format!("{FIRST}?$skip=1");
        assert_eq!(p.add(page(&with_link("A", &second))), Ok(Some(second)));
        let last = r#"{"value":[{"time":"2019-12-03T09:51:28Z","score":80,"rbacGroupName":"B"}]}"#;
        assert_eq!(p.add(page(last)), Ok(None));
        let names: Vec<_> = p.finish().groups.into_iter().map(|g| g.name).collect();
        assert_eq!(names, ["B", "A"]);
    }

    #[test]
    fn a_link_to_another_origin_is_refused() {
        let link = "https://evil.example/api/exposureScore/ByMachineGroups";
        assert_eq!(
            pages().add(page(&with_link("A", link))),
            Err(Problem::ForeignNextLink)
        );
    }

    #[test]
    fn a_link_back_to_a_page_already_read_is_a_loop() {
        assert_eq!(
            pages().add(page(&with_link("A", FIRST))),
            Err(Problem::NextLinkLoop)
        );
    }

    #[test]
    fn a_link_that_is_not_a_string_is_refused() {
        let json = r#"{"value":[],"@odata.nextLink":42}"#;
        assert!(matches!(
            pages().add(page(json)),
            Err(Problem::WrongType { .. })
        ));
    }

    #[test]
    fn more_pages_than_the_limit_are_refused() {
        let mut p = pages();
        for i in 1..MAX_PAGES {
            let link = format!("{FIRST}?$skip={i}");
            assert_eq!(p.add(page(&with_link("A", &link))), Ok(Some(link)));
        }
        let one_more = format!("{FIRST}?$skip={MAX_PAGES}");
        assert_eq!(
            p.add(page(&with_link("A", &one_more))),
            Err(Problem::TooManyPages(MAX_PAGES))
        );
    }
}
