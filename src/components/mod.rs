//! The cards as Yew components: short, mostly markup, fed by [`view::CardView`]s.

mod card;
mod groups;
pub mod published;
pub mod sparkline;
pub mod view;

pub use card::{ScoreCard, ScoreCardProps};
pub use view::{card_view, CardView};

use std::rc::Rc;
use yew::prelude::*;

/// Properties of the whole widget: one view per card, in order.
#[derive(Properties, PartialEq, Clone)]
pub struct ScoreCardsProps {
    /// The cards to show, in order.
    pub cards: Rc<Vec<Rc<CardView>>>,
    /// `auto`, `light` or `dark`.
    pub theme: AttrValue,
    /// The BCP 47 tag of the words shown.
    pub lang: AttrValue,
    /// The widget's accessible name.
    pub label: AttrValue,
}

/// The widget: a labelled region holding the cards.
#[component]
pub fn ScoreCards(props: &ScoreCardsProps) -> Html {
    html! {
        <div class="dsc" data-theme={props.theme.clone()} lang={props.lang.clone()}
             role="region" aria-label={props.label.clone()}>
            { for props.cards.iter().map(|view| html! {
                <ScoreCard key={view.kind.as_str()} view={view.clone()} />
            }) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::view::tests::{device, exposure, groups, ready, PlainFormats};
    use super::*;
    use crate::i18n::Lang;
    use crate::model::CardKind;
    use crate::model::{Cloud, Reading, ScoreError};

    fn render(readings: &[(CardKind, Reading)], lang: Lang) -> String {
        let cards = readings
            .iter()
            .map(|(kind, r)| {
                Rc::new(card_view(
                    *kind,
                    r,
                    false,
                    lang,
                    &PlainFormats,
                    Cloud::Commercial,
                    0.0,
                ))
            })
            .collect();
        let props = ScoreCardsProps {
            cards: Rc::new(cards),
            theme: "auto".into(),
            lang: lang.tag().into(),
            label: "scores".into(),
        };
        futures::executor::block_on(
            yew::LocalServerRenderer::<ScoreCards>::with_props(props)
                .hydratable(false)
                .render(),
        )
    }

    #[test]
    fn ready_cards_carry_the_contract_hooks() {
        let html = render(
            &[
                (CardKind::Exposure, ready(exposure(33.49))),
                (CardKind::Device, ready(device(340.0))),
                (
                    CardKind::Groups,
                    ready(groups(&[("GroupOne", 41.4), ("GroupTwo", 37.4)])),
                ),
            ],
            Lang::En,
        );
        assert!(html.contains(r#"data-card="exposure""#), "{html}");
        assert!(html.contains(r#"data-card="device""#));
        assert!(html.contains(r#"data-card="groups""#));
        assert_eq!(html.matches(r#"data-state="ready""#).count(), 3);
        assert_eq!(html.matches(r#"data-testid="score""#).count(), 3);
        assert!(html.contains(r#"class="score">33<"#), "{html}");
        assert!(html.contains(r#"class="score">340<"#));
        assert!(html.contains(r#"data-group="GroupOne""#));
        assert!(html.contains(r#"data-group="GroupTwo""#));
        assert!(!html.contains("data-error"));
        assert!(html.contains(r#"rel="noopener noreferrer""#));
    }

    #[test]
    fn error_cards_carry_data_error_and_no_score() {
        let err = ScoreError::from_status(403, None, None);
        let html = render(
            &[(CardKind::Device, Reading::Loading.after(Err(err), 0.0))],
            Lang::En,
        );
        assert!(html.contains(r#"data-state="error""#));
        assert!(html.contains(r#"data-error="forbidden""#));
        assert!(html.contains(r#"class="error""#));
        assert!(
            !html.contains(r#"role="alert""#),
            "the live region announces the error"
        );
        assert!(!html.contains("data-testid"));
    }

    #[test]
    fn markup_in_group_names_and_error_messages_is_escaped() {
        let evil = r#"<img src=x onerror="alert(1)">"#;
        let body = super::view::tests::error_body(
            r#"{"error":{"code":"<b>x</b>","message":"<script>alert(1)</script>","target":"<i>t</i>"}}"#,
        );
        let html = render(
            &[
                (CardKind::Groups, ready(groups(&[(evil, 50.0)]))),
                (
                    CardKind::Exposure,
                    Reading::Loading
                        .after(Err(ScoreError::from_status(500, Some(&body), None)), 0.0),
                ),
            ],
            Lang::En,
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn the_download_button_and_risen_group_marks_render_as_words() {
        let mut view = card_view(
            CardKind::Groups,
            &ready(groups(&[("GroupOne", 41.4), ("GroupTwo", 37.4)])),
            false,
            Lang::En,
            &PlainFormats,
            Cloud::Commercial,
            0.0,
        );
        view.csv = Some("Download history (CSV)");
        view.groups[0].rose = Some("+4.1 since 16 Nov, exposure rose".into());
        let props = ScoreCardsProps {
            cards: Rc::new(vec![Rc::new(view)]),
            theme: "auto".into(),
            lang: "en".into(),
            label: "scores".into(),
        };
        let html = futures::executor::block_on(
            yew::LocalServerRenderer::<ScoreCards>::with_props(props)
                .hydratable(false)
                .render(),
        );
        assert!(
            html.contains(r#"<button type="button" class="csv">Download history (CSV)</button>"#),
            "{html}"
        );
        assert_eq!(html.matches(r#"class="rose""#).count(), 1, "{html}");
        assert!(html.contains(r#"<span class="vh">+4.1 since 16 Nov, exposure rose</span>"#));
        // Without history: no button, no marks, no trend box.
        let plain = render(
            &[(CardKind::Groups, ready(groups(&[("GroupOne", 41.4)])))],
            Lang::En,
        );
        assert!(!plain.contains("csv") && !plain.contains("rose") && !plain.contains("trend"));
    }

    #[test]
    fn loading_cards_say_so_in_the_chosen_language() {
        let html = render(&[(CardKind::Exposure, Reading::Loading)], Lang::Nl);
        assert!(html.contains(r#"data-state="loading""#));
        assert!(html.contains("Laden…"));
        assert!(html.contains(r#"lang="nl""#));
    }
}
