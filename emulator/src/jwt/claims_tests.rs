//! Unit tests of the claim checks: lifetime, issuer, audience, permission.

use super::*;

const NOW: f64 = 1_700_000_000.0;
const SCORES: Permission = Permission::ReadScores;
const RECOMMENDATIONS: Permission = Permission::ReadRecommendations;

fn policy() -> ClaimPolicy {
    ClaimPolicy {
        issuer: None,
        audiences: vec![DEFAULT_AUDIENCE.into()],
        clock_skew: 60,
    }
}

fn good() -> Claims {
    Claims {
        exp: Some(NOW + 3600.0),
        nbf: Some(NOW - 60.0),
        iss: Some("http://idp".into()),
        aud: Some(Audience::One(DEFAULT_AUDIENCE.into())),
        scp: Some("Score.Read".into()),
        ..Claims::default()
    }
}

fn invalid(result: Result<(), ClaimFailure>) -> String {
    match result {
        Err(ClaimFailure::Invalid(reason)) => reason,
        other => panic!("expected a 401 reason, got {other:?}"),
    }
}

fn forbidden(result: Result<(), ClaimFailure>) -> String {
    match result {
        Err(ClaimFailure::Forbidden(message)) => message,
        other => panic!("expected a 403 message, got {other:?}"),
    }
}

#[test]
fn a_token_for_the_api_with_score_read_passes() {
    assert_eq!(check_claims(&good(), &policy(), NOW, SCORES), Ok(()));
}

#[test]
fn expiry_is_required_and_allows_the_clock_skew() {
    let no_exp = Claims {
        exp: None,
        ..good()
    };
    assert!(invalid(check_claims(&no_exp, &policy(), NOW, SCORES)).contains("exp"));
    let just_expired = Claims {
        exp: Some(NOW - 59.0),
        ..good()
    };
    assert_eq!(check_claims(&just_expired, &policy(), NOW, SCORES), Ok(()));
    let expired = Claims {
        exp: Some(NOW - 60.0),
        ..good()
    };
    assert!(invalid(check_claims(&expired, &policy(), NOW, SCORES)).contains("expired"));
    let strict = ClaimPolicy {
        clock_skew: 0,
        ..policy()
    };
    let a_second_ago = Claims {
        exp: Some(NOW - 1.0),
        ..good()
    };
    assert!(invalid(check_claims(&a_second_ago, &strict, NOW, SCORES)).contains("expired"));
}

#[test]
fn not_before_in_the_future_beyond_the_skew_is_refused() {
    let soon = Claims {
        nbf: Some(NOW + 60.0),
        ..good()
    };
    assert_eq!(check_claims(&soon, &policy(), NOW, SCORES), Ok(()));
    let later = Claims {
        nbf: Some(NOW + 61.0),
        ..good()
    };
    assert!(invalid(check_claims(&later, &policy(), NOW, SCORES)).contains("not valid yet"));
    let no_nbf = Claims {
        nbf: None,
        ..good()
    };
    assert_eq!(check_claims(&no_nbf, &policy(), NOW, SCORES), Ok(()));
}

#[test]
fn the_issuer_must_match_exactly_when_one_is_configured() {
    let with_issuer = ClaimPolicy {
        issuer: Some("http://idp".into()),
        ..policy()
    };
    assert_eq!(check_claims(&good(), &with_issuer, NOW, SCORES), Ok(()));
    for iss in [
        Some("http://idp/".to_string()),
        Some("http://other".into()),
        None,
    ] {
        let claims = Claims { iss, ..good() };
        assert!(invalid(check_claims(&claims, &with_issuer, NOW, SCORES)).contains("http://idp"));
    }
    let no_iss = Claims {
        iss: None,
        ..good()
    };
    assert_eq!(check_claims(&no_iss, &policy(), NOW, SCORES), Ok(()));
}

#[test]
fn a_wrong_or_missing_audience_is_forbidden_naming_the_expected_one() {
    for aud in [
        Some(Audience::One("https://api.security.microsoft.com".into())),
        Some(Audience::Many(vec!["https://graph.microsoft.com".into()])),
        None,
    ] {
        let claims = Claims { aud, ..good() };
        assert!(forbidden(check_claims(&claims, &policy(), NOW, SCORES)).contains(DEFAULT_AUDIENCE));
    }
    let among_several = Claims {
        aud: Some(Audience::Many(vec!["x".into(), DEFAULT_AUDIENCE.into()])),
        ..good()
    };
    assert_eq!(check_claims(&among_several, &policy(), NOW, SCORES), Ok(()));
    let custom = ClaimPolicy {
        audiences: vec!["api://a".into(), "api://b".into()],
        ..policy()
    };
    let for_b = Claims {
        aud: Some(Audience::One("api://b".into())),
        ..good()
    };
    assert_eq!(check_claims(&for_b, &custom, NOW, SCORES), Ok(()));
    assert!(forbidden(check_claims(&good(), &custom, NOW, SCORES)).contains("api://a or api://b"));
}

#[test]
fn score_read_in_scp_or_score_read_all_in_roles_is_required() {
    let among_scopes = Claims {
        scp: Some("Machine.Read Score.Read User.Read".into()),
        ..good()
    };
    assert_eq!(check_claims(&among_scopes, &policy(), NOW, SCORES), Ok(()));
    let app = Claims {
        scp: None,
        roles: Some(vec!["Machine.Read.All".into(), "Score.Read.All".into()]),
        ..good()
    };
    assert_eq!(check_claims(&app, &policy(), NOW, SCORES), Ok(()));
    for (scp, roles) in [
        (Some("Machine.Read"), None),
        (Some("Score.ReadWrite"), None),
        (Some("score.read"), None),
        (Some("Score.Read.All"), None),
        (None, Some(vec!["Score.Read".to_string()])),
        (None, None),
    ] {
        let claims = Claims {
            scp: scp.map(String::from),
            roles,
            ..good()
        };
        let message = forbidden(check_claims(&claims, &policy(), NOW, SCORES));
        assert!(
            message.contains("Score.Read (scp)") && message.contains("Score.Read.All (roles)"),
            "{message}"
        );
    }
}

#[test]
fn recommendations_need_their_own_permission_in_scp_or_roles() {
    let delegated = Claims {
        scp: Some("Score.Read SecurityRecommendation.Read".into()),
        ..good()
    };
    assert_eq!(
        check_claims(&delegated, &policy(), NOW, RECOMMENDATIONS),
        Ok(())
    );
    let app = Claims {
        scp: None,
        roles: Some(vec!["SecurityRecommendation.Read.All".into()]),
        ..good()
    };
    assert_eq!(check_claims(&app, &policy(), NOW, RECOMMENDATIONS), Ok(()));
    assert!(forbidden(check_claims(&app, &policy(), NOW, SCORES)).contains("Score.Read.All"));
    for (scp, roles) in [
        (Some("Score.Read"), None),
        (Some("SecurityRecommendation.Read.All"), None),
        (None, Some(vec!["SecurityRecommendation.Read".to_string()])),
        (None, Some(vec!["Score.Read.All".to_string()])),
    ] {
        let claims = Claims {
            scp: scp.map(String::from),
            roles,
            ..good()
        };
        let message = forbidden(check_claims(&claims, &policy(), NOW, RECOMMENDATIONS));
        assert!(
            message.contains("SecurityRecommendation.Read (scp)")
                && message.contains("SecurityRecommendation.Read.All (roles)")
                && message.ends_with("to read security recommendations."),
            "{message}"
        );
    }
}

#[test]
fn the_score_messages_keep_their_exact_wording() {
    let no_permission = Claims {
        scp: None,
        ..good()
    };
    assert_eq!(
        forbidden(check_claims(&no_permission, &policy(), NOW, SCORES)),
        "The token grants neither the delegated permission Score.Read (scp) nor the application permission Score.Read.All (roles) needed to read scores."
    );
    let other_audience = Claims {
        aud: None,
        ..good()
    };
    assert_eq!(
        forbidden(check_claims(&other_audience, &policy(), NOW, SCORES)),
        "The token's audience (aud) is not https://api.securitycenter.microsoft.com: request the token for that resource, e.g. the scope https://api.securitycenter.microsoft.com/Score.Read."
    );
}

#[test]
fn the_token_is_refused_as_invalid_before_forbidden() {
    let expired_and_wrong_audience = Claims {
        exp: Some(NOW - 3600.0),
        aud: None,
        scp: None,
        ..good()
    };
    invalid(check_claims(
        &expired_and_wrong_audience,
        &policy(),
        NOW,
        SCORES,
    ));
}

#[test]
fn claims_of_either_audience_shape_deserialize() {
    let one: Claims =
        serde_json::from_str(r#"{"aud":"a","exp":1.5,"roles":["r"]}"#).unwrap_or_default();
    assert_eq!(one.aud, Some(Audience::One("a".into())));
    assert_eq!(one.exp, Some(1.5));
    let many: Claims =
        serde_json::from_str(r#"{"aud":["a","b"],"extra":{"x":1}}"#).unwrap_or_default();
    assert_eq!(many.aud, Some(Audience::Many(vec!["a".into(), "b".into()])));
    assert!(serde_json::from_str::<Claims>(r#"{"exp":"tomorrow"}"#).is_err());
    let app: Claims =
        serde_json::from_str(r#"{"appid":"a1","azp":"a2","tid":"t"}"#).unwrap_or_default();
    assert_eq!(
        (app.appid.as_deref(), app.azp.as_deref(), app.tid.as_deref()),
        (Some("a1"), Some("a2"), Some("t"))
    );
}
