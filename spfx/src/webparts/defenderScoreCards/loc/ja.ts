// 日本語.

import type { IStrings } from '../strings';

/** The web part's texts in Japanese. */
export const ja: IStrings = {
  paneDescription:
    'Microsoft Defender のスコアをカードで表示します: 露出、デバイスのセキュリティ スコア、デバイス グループ。',
  sourceGroup: 'スコアの取得元',
  sourceLabel: 'ソース',
  sourceDelegated: '委任: 閲覧者ごとのトークン (API アクセスの承認が必要)',
  sourceSnapshot: 'スナップショット: defender-score-publisher が書き込むフォルダー (トークン不要)',
  snapshotUrlLabel: 'スナップショット フォルダーの URL',
  snapshotUrlDescription: 'スナップショット モード: 例 /sites/security/Shared Documents/defender/',
  apiBaseLabel: 'API のベース URL (省略可能)',
  apiBaseDescription:
    '委任モード: クラウドの Defender API を使う場合は空のままにします。同一オリジンのプロキシも指定できます。',
  cloudLabel: 'クラウド',
  cloudCommercial: '商用 (全世界)',
  regionLabel: 'リージョン (商用クラウド、省略可能)',
  regionNone: '既定のホスト',
  displayGroup: '表示',
  cardsLabel: 'カード',
  cardsDescription:
    'コンマ区切り: exposure, device, groups。上位のセキュリティ推奨事項を表示するには recommendations を追加します (SecurityRecommendation.Read が必要)',
  recommendationsTopLabel: '表示する推奨事項の数 (1 ～ 20)',
  recommendationsTopDescription:
    '露出スコアを最も下げるセキュリティ推奨事項を、上位から順に表示します。',
  layoutLabel: 'レイアウト',
  layoutCards: 'カード',
  layoutCompact: 'コンパクト (カードごとに 1 行)',
  refreshLabel: '更新間隔 (分、0 = オフ)',
  placeholderTitle: 'Defender のスコア: この Web パーツは構成が必要です',
  placeholderHint: 'Web パーツを編集し、プロパティを開いて次の点を修正してください:',
  mountFailed: 'Defender のスコアを表示できませんでした:',
  loadFailed: 'Defender のスコアの Web パーツがコードを読み込めませんでした:',
  wasmUnavailable: (status) => `Web パーツのコードのファイル (.wasm) が配信されませんでした: HTTP ステータス ${status}。`,
  sourceInvalid:
    'スコアの取得元を選択してください: "delegated" (閲覧者ごとにサインイン) または "snapshot" (公開されたフォルダー)。',
  snapshotUrlRequired:
    'defender-score-publisher が書き込むフォルダーの URL を入力してください (例: ' +
    '/sites/security/Shared Documents/defender/)。',
  snapshotUrlNotWeb:
    'スナップショット フォルダーは、https:// の URL か、このサイトのホスト上の "/" で始まるパスである必要があります。',
  snapshotUrlQuery: 'スナップショット フォルダーの URL にクエリ (?) やフラグメント (#) を含めることはできません。',
  apiBaseInvalid:
    'API のベースは、空 (クラウドの Defender API) か、同一オリジンのプロキシの https:// URL である必要があります。',
  cloudInvalid: (clouds) => `クラウドは ${clouds} のいずれかである必要があります。`,
  regionInvalid: (regions) => `リージョンは空か、${regions} のいずれかである必要があります。`,
  regionCommercialOnly:
    'リージョンは商用クラウドにのみ適用されます。US Government クラウドでは空のままにしてください。',
  cardsEmpty: (cards) => `カードを 1 つ以上指定してください: ${cards} (コンマ区切り)。`,
  cardUnknown: (card, cards) => `不明なカード "${card}" です。カードは ${cards} です (コンマ区切り)。`,
  cardRepeated: (card) => `カード "${card}" が 2 回指定されています。`,
  layoutInvalid: 'レイアウトは "cards" または "compact" である必要があります。',
  recommendationsTopInvalid: (max) => `推奨事項の数は 1 から ${max} までの整数で指定してください。`,
  refreshInvalid: (max) => `更新間隔は、0 (オフ) から ${max} までの整数 (分) である必要があります。`
};
