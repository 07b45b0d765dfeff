// Must NOT compile: `cargo xtask test` checks that tsc rejects each marked line, so the
// types cannot silently decay to `any`.
import { mount } from "../../pkg/defender_score_cards.js";

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
// @ts-expect-error refresh resolves to nothing
const n: number = await mount(host, { getToken: () => "t" }).refresh();
void n;
