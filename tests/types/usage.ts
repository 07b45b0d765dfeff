// Compiled by `cargo xtask test` with `tsc --strict` against pkg/defender_score_cards.d.ts:
// the options, the handle, the element and the event details are typed precisely.
import init, {
  mount,
  defineElements,
  type ScoreCardsOptions,
  type ErrorDetail,
  type LoadedDetail,
  type RecommendationDetail,
  type GetToken,
} from "../../pkg/defender_score_cards.js";

const getToken: GetToken = async ({ scopes, forceRefresh }) => ({
  accessToken: `${scopes.join(" ")}${forceRefresh}`,
});

export async function embed(host: HTMLElement): Promise<void> {
  await init();
  defineElements();
  const options: ScoreCardsOptions = {
    getToken,
    cloud: "gcc-high",
    cards: ["exposure", "groups"],
    theme: "dark",
    refreshSeconds: 0,
    allowedOrigins: ["https://proxy.example"],
    cache: "local",
    cacheSeconds: 600,
    history: false,
  };
  const handle = mount(host, options);
  const done: Promise<void> = handle.refresh();
  await done;
  handle.update({ locale: "nl-NL" });
  handle.update({
    cards: ["exposure", "device", "groups", "recommendations"],
    recommendationsTop: 10,
    recommendationScopes: ["https://api.securitycenter.microsoft.com/SecurityRecommendation.Read"],
  });
  const element = document.createElement("defender-score-cards");
  element.getToken = () => "token";
  element.addEventListener("defender-scores:error", (event) => {
    const detail: ErrorDetail = event.detail;
    const status: number = detail.status;
    const code: string | null = detail.code;
    void [status, code];
  });
  element.addEventListener("defender-scores:loaded", (event) => {
    const detail: LoadedDetail = event.detail;
    if (detail.card === "groups") {
      const first: string | undefined = detail.groups[0]?.name;
      void first;
    } else if (detail.card === "recommendations") {
      const top: RecommendationDetail | undefined = detail.recommendations[0];
      const active: number = detail.active;
      const exposed: number | undefined = top?.exposedDevices;
      const exploit: boolean | undefined = top?.publicExploit;
      void [active, exposed, exploit, top?.id, top?.exposureImpact];
    } else {
      const score: number = detail.score;
      void score;
    }
  });
  handle.unmount();
}
