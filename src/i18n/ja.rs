//! 日本語.

use super::Text;

/// The Japanese words for `text`.
pub fn text(text: Text) -> &'static str {
    match text {
        Text::WidgetLabel => "Microsoft Defender のスコア",
        Text::ExposureTitle => "露出スコア",
        Text::DeviceTitle => "デバイスのセキュリティ スコア",
        Text::GroupsTitle => "デバイス グループ別の露出",
        Text::BandLow => "露出レベル: 低",
        Text::BandMedium => "露出レベル: 中",
        Text::BandHigh => "露出レベル: 高",
        Text::BandLowShort => "低",
        Text::BandMediumShort => "中",
        Text::BandHighShort => "高",
        Text::ExposureMeaning => "{band}・0～100、低いほど良好",
        Text::HigherIsBetter => "ポイント、高いほど良好",
        Text::WorstGroupMeaning => "グループの最高露出・{band}",
        Text::MeterText => "100 中 {score}、{band}",
        Text::GroupCount => "デバイス グループ: {count}",
        Text::NoGroups => "デバイス グループは報告されていません。",
        Text::Loading => "読み込み中…",
        Text::Refresh => "更新",
        Text::RefreshCard => "{card}を更新",
        Text::OpenPortal => "Microsoft Defender で改善する",
        Text::Fetched => "取得: {when}",
        Text::StaleNote => "以前の測定値を表示しています。最新の更新に失敗しました。",
        Text::SupportReference => "サポート用の参照番号: {target}",
        Text::HttpStatus => "HTTP ステータス {status}",
        Text::UnauthorizedTitle => "もう一度サインインしてください",
        Text::UnauthorizedBody => "サインインの有効期限が切れたか、受け付けられませんでした。スコアを表示するには、もう一度サインインしてください。",
        Text::ForbiddenTitle => "スコアへのアクセス権がありません",
        Text::ForbiddenBody => "このアプリの Score.Read アクセス許可と、Microsoft Defender の「データの表示」ロールがアカウントに必要です。Defender の管理者にお問い合わせください。",
        Text::DisabledFeatureBody => "この機能は、組織の Microsoft Defender で無効になっています。Defender の管理者にお問い合わせください。",
        Text::NotFoundTitle => "スコアが見つかりません",
        Text::NotFoundBody => "API がこのスコアを見つけられませんでした。API のアドレスとクラウドの設定を確認してください。",
        Text::ThrottledTitle => "要求が多すぎます",
        Text::ThrottledBody => "Microsoft Defender が呼び出しを制限しています。カードは{when}に再試行します。",
        Text::ServerTitle => "Microsoft Defender で問題が発生しました",
        Text::ServerBody => "サービスが応答できませんでした。数分後にもう一度お試しください。",
        Text::NetworkTitle => "Microsoft Defender に接続できません",
        Text::NetworkBody => "ネットワーク接続を確認して、もう一度お試しください。",
        Text::InvalidTitle => "予期しない応答",
        Text::InvalidBody => "この widget が理解できない内容を API が送信したため、スコアは表示されません。",
        Text::SignIn => "サインイン",
    }
}
