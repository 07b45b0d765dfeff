//! What the quota counts a JWT's calls under, read from its claims.

use super::claims::Claims;
use crate::throttle::QuotaKey;

/// What the quota counts a token's calls under: like the real API, its
/// application (`appid` in v1.0 tokens, else `azp` in v2.0 ones) in its
/// tenant (`tid`), so every user of one app registration draws on one quota
/// and a refreshed token keeps it. A token that names no application (not
/// one Entra ID issues for the API) is still limited: by its caller (`oid`,
/// else `sub`) in its tenant; naming no caller either, by its tenant; naming
/// nothing, by the token itself.
pub fn throttle_key(claims: &Claims, token: &str) -> QuotaKey {
    let tenant = claims.tid.clone();
    if let Some(app) = claims.appid.as_ref().or(claims.azp.as_ref()) {
        return QuotaKey::Application {
            tenant,
            app: app.clone(),
        };
    }
    let caller = match (&claims.oid, &claims.sub) {
        (Some(oid), _) => Some(("oid", oid)),
        (None, Some(sub)) => Some(("sub", sub)),
        (None, None) => None,
    };
    match (caller, tenant) {
        (Some((claim, id)), tenant) => QuotaKey::Caller {
            tenant,
            claim,
            id: id.clone(),
        },
        (None, Some(tenant)) => QuotaKey::Tenant(tenant),
        (None, None) => QuotaKey::Token(token.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(tenant: Option<&str>, app: &str) -> QuotaKey {
        QuotaKey::Application {
            tenant: tenant.map(String::from),
            app: app.into(),
        }
    }

    #[test]
    fn the_quota_key_is_the_v1_appid_in_its_tenant_whoever_the_user_is() {
        let alice = Claims {
            appid: Some("app-1".into()),
            tid: Some("t1".into()),
            oid: Some("alice".into()),
            sub: Some("s-alice".into()),
            ..Claims::default()
        };
        let bob = Claims {
            oid: Some("bob".into()),
            sub: Some("s-bob".into()),
            ..alice.clone()
        };
        assert_eq!(throttle_key(&alice, "tok-a"), app(Some("t1"), "app-1"));
        assert_eq!(throttle_key(&alice, "tok-a"), throttle_key(&bob, "tok-b"));
    }

    #[test]
    fn the_quota_key_is_the_v2_azp_when_there_is_no_appid() {
        let v2 = Claims {
            azp: Some("app-2".into()),
            tid: Some("t1".into()),
            oid: Some("alice".into()),
            ..Claims::default()
        };
        assert_eq!(throttle_key(&v2, "tok"), app(Some("t1"), "app-2"));
        let both = Claims {
            appid: Some("app-1".into()),
            ..v2
        };
        assert_eq!(throttle_key(&both, "tok"), app(Some("t1"), "app-1"));
    }

    #[test]
    fn one_application_in_two_tenants_or_two_applications_in_one_are_apart() {
        let base = Claims {
            appid: Some("app-1".into()),
            tid: Some("t1".into()),
            ..Claims::default()
        };
        let other_tenant = Claims {
            tid: Some("t2".into()),
            ..base.clone()
        };
        let other_app = Claims {
            appid: Some("app-2".into()),
            ..base.clone()
        };
        let key = throttle_key(&base, "tok");
        assert_ne!(key, throttle_key(&other_tenant, "tok"));
        assert_ne!(key, throttle_key(&other_app, "tok"));
        let no_tenant = Claims { tid: None, ..base };
        assert_eq!(throttle_key(&no_tenant, "tok"), app(None, "app-1"));
    }

    #[test]
    fn without_an_application_the_quota_key_falls_back_to_caller_then_tenant_then_token() {
        let user = Claims {
            oid: Some("o1".into()),
            sub: Some("s1".into()),
            tid: Some("t1".into()),
            ..Claims::default()
        };
        assert_eq!(
            throttle_key(&user, "tok"),
            QuotaKey::Caller {
                tenant: Some("t1".into()),
                claim: "oid",
                id: "o1".into()
            }
        );
        let subject = Claims {
            sub: Some("s1".into()),
            ..Claims::default()
        };
        assert_eq!(
            throttle_key(&subject, "tok"),
            QuotaKey::Caller {
                tenant: None,
                claim: "sub",
                id: "s1".into()
            }
        );
        let oid_equal_to_a_sub = Claims {
            oid: Some("s1".into()),
            ..Claims::default()
        };
        assert_ne!(
            throttle_key(&oid_equal_to_a_sub, "tok"),
            throttle_key(&subject, "tok")
        );
        let tenant_only = Claims {
            tid: Some("t1".into()),
            ..Claims::default()
        };
        assert_eq!(
            throttle_key(&tenant_only, "tok"),
            QuotaKey::Tenant("t1".into())
        );
        assert_eq!(
            throttle_key(&Claims::default(), "tok"),
            QuotaKey::Token("tok".into())
        );
    }
}
