// Must NOT compile: `cargo xtask test` checks that tsc rejects each marked line, so the
// types cannot silently decay to `any`.
import { mount, type LoadedDetail } from "../../pkg/defender_score_cards.js";

const host = document.createElement("div");
// @ts-expect-error a token callback must return a token, not a number
mount(host, { getToken: () => 42 });
// @ts-expect-error an unknown card name
mount(host, { getToken: () => "t", cards: ["exposures"] });
// @ts-expect-error an unknown cloud
mount(host, { getToken: () => "t", cloud: "mars" });
// @ts-expect-error an unknown cache
mount(host, { getToken: () => "t", cache: "cookies" });
// @ts-expect-error history is a boolean (the attribute takes "on" or "off")
mount(host, { getToken: () => "t", history: "off" });
// @ts-expect-error recommendationsTop is a number (the attribute takes text)
mount(host, { getToken: () => "t", recommendationsTop: "5" });
// @ts-expect-error recommendationScopes is an array of scopes, not one text
mount(host, { getToken: () => "t", recommendationScopes: "api://x/SecurityRecommendation.Read" });
// @ts-expect-error an unknown card name next to the recommendations card
mount(host, { getToken: () => "t", cards: ["recommendations", "recommendation"] });
// @ts-expect-error a recommendations detail has no score
export const wrongDetail = (d: LoadedDetail) => (d.card === "recommendations" ? d.score : 0);
// @ts-expect-error refresh resolves to nothing
const n: number = await mount(host, { getToken: () => "t" }).refresh();
void n;
