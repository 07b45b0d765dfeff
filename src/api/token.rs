//! Where tokens come from: the host's `getToken` callback or an MSAL.js application.
//!
//! A token lives only in these futures and in the `Authorization` header: never stored,
//! logged, put in a URL, the DOM or an event.

use super::task::SharedTask;
use crate::model::api::error::INTERACTION_REQUIRED;
use crate::model::{ErrorKind, ScoreError};
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The host's way to get a delegated token.
#[derive(Clone, Debug)]
pub enum TokenSource {
    /// `getToken({ scopes, forceRefresh })` returning a string, an `AuthenticationResult`, or a Promise of either.
    Callback(Function),
    /// An MSAL.js `PublicClientApplication` and, optionally, the account to use.
    Msal {
        /// The application.
        app: JsValue,
        /// The account; else the active account, else the only signed-in account.
        account: Option<JsValue>,
    },
    /// Snapshot mode: the cards read a published folder and no token is ever asked for.
    None,
}

impl PartialEq for TokenSource {
    fn eq(&self, other: &TokenSource) -> bool {
        match (self, other) {
            (TokenSource::Callback(a), TokenSource::Callback(b)) => {
                let (a, b): (&JsValue, &JsValue) = (a.as_ref(), b.as_ref());
                a == b
            }
            (
                TokenSource::Msal { app: a, account: x },
                TokenSource::Msal { app: b, account: y },
            ) => a == b && x == y,
            (TokenSource::None, TokenSource::None) => true,
            _ => false,
        }
    }
}

fn token_error(code: &str, message: String) -> ScoreError {
    ScoreError {
        code: Some(code.into()),
        message: Some(message),
        ..ScoreError::new(ErrorKind::Unauthorized, 0)
    }
}

/// A token source's failure: its name (MSAL's `errorCode`, else the error's `name`), its
/// message, and whether it says the user must act.
fn describe_js_error(e: &JsValue) -> (String, String, bool) {
    let get = |k: &str| {
        Reflect::get(e, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_string())
    };
    // Entra's missing consent comes as `invalid_grant` with the sub-error `consent_required`,
    // which MSAL throws as an `InteractionRequiredAuthError` whose `errorCode` is `invalid_grant`.
    let interaction = ["errorCode", "name", "subError"]
        .iter()
        .any(|k| get(k).as_deref().is_some_and(needs_interaction));
    let name = get("errorCode")
        .or_else(|| get("name"))
        .unwrap_or_else(|| "TokenError".into());
    let message = get("message")
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the token source failed".into());
    (name, message.chars().take(300).collect(), interaction)
}

use super::set;

fn method(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
}

fn scopes_array(scopes: &[String]) -> Array {
    scopes.iter().map(|s| JsValue::from_str(s)).collect()
}

/// What a token source gave back when asked: its return value (a token, an MSAL result, or
/// a thenable of either) or what it threw; or why it could not be asked.
type Asked = Result<Result<JsValue, JsValue>, ScoreError>;

impl TokenSource {
    /// Calls the source now, synchronously, so a token request starts before anything else
    /// (the first render included); [`TokenSource::answer`] awaits and checks what it gave.
    /// `force` asks the source to skip its cache (after a 401).
    fn ask(&self, scopes: &[String], force: bool) -> Asked {
        let request = Object::new();
        set(&request, "scopes", &scopes_array(scopes));
        set(&request, "forceRefresh", &JsValue::from_bool(force));
        let returned = match self {
            TokenSource::Callback(f) => f.call1(&JsValue::UNDEFINED, &request),
            TokenSource::Msal { app, account } => {
                let account = match account {
                    Some(a) => a.clone(),
                    None => msal_account(app).ok_or_else(|| {
                        token_error(
                            INTERACTION_REQUIRED,
                            "no signed-in account: the user must sign in".into(),
                        )
                    })?,
                };
                set(&request, "account", &account);
                match method(app, "acquireTokenSilent") {
                    Some(f) => f.call1(app, &request),
                    None => Err(JsValue::from_str("msal has no acquireTokenSilent")),
                }
            }
            TokenSource::None => Err(JsValue::from_str("snapshot mode has no token source")),
        };
        Ok(returned)
    }

    /// The token in what [`TokenSource::ask`] got, once a thenable settles.
    async fn answer(&self, asked: Asked) -> Result<String, ScoreError> {
        let value = match asked? {
            // A token handed back directly is used at once, so the requests start before
            // the first render; only a thenable is awaited.
            Ok(v) if !is_thenable(&v) => Ok(v),
            Ok(v) => JsFuture::from(Promise::resolve(&v)).await,
            Err(e) => Err(e),
        }
        .map_err(|e| {
            let (name, message, interaction) = describe_js_error(&e);
            let code = if self.is_msal() && interaction {
                INTERACTION_REQUIRED
            } else {
                name.as_str()
            };
            token_error(code, ["could not get a token: ", &message].concat())
        })?;
        let token = value.as_string().or_else(|| {
            Reflect::get(&value, &JsValue::from_str("accessToken"))
                .ok()
                .and_then(|t| t.as_string())
        });
        match token {
            Some(t) if is_plausible_token(&t) => Ok(t),
            _ => Err(token_error(
                "NoToken",
                "the token source returned no usable access token".into(),
            )),
        }
    }
}

fn is_thenable(v: &JsValue) -> bool {
    v.is_object() && method(v, "then").is_some()
}

/// MSAL's ways of saying the user must act (sign in, consent, pick an account).
fn needs_interaction(name: &str) -> bool {
    matches!(
        name,
        "InteractionRequiredAuthError"
            | "interaction_required"
            | "consent_required"
            | "login_required"
            | "no_account_error"
            | "no_tokens_found"
    )
}

impl TokenSource {
    fn is_msal(&self) -> bool {
        matches!(self, TokenSource::Msal { .. })
    }

    /// With MSAL, opens the sign-in popup (`acquireTokenPopup`); call it from a click so the
    /// browser allows the popup. Pass its result to [`TokenSource::signed_in`].
    pub fn sign_in(&self, scopes: &[String]) -> Option<Promise> {
        let TokenSource::Msal { app, account } = self else {
            return None;
        };
        let request = Object::new();
        set(&request, "scopes", &scopes_array(scopes));
        if let Some(a) = account.clone().or_else(|| msal_account(app)) {
            set(&request, "account", &a);
        }
        let popup = method(app, "acquireTokenPopup")?
            .call1(app, &request)
            .ok()?;
        Some(Promise::resolve(&popup))
    }

    /// After a successful popup, makes its account MSAL's active account for later silent calls.
    pub fn signed_in(&self, result: &JsValue) {
        let TokenSource::Msal { app, .. } = self else {
            return;
        };
        let account = Reflect::get(result, &JsValue::from_str("account")).unwrap_or_default();
        if let Some(f) = method(app, "setActiveAccount").filter(|_| account.is_object()) {
            let _ = f.call1(app, &account);
        }
    }
}

/// A bearer token must be a non-empty run of visible ASCII (RFC 6750 token68, loosely).
fn is_plausible_token(t: &str) -> bool {
    !t.is_empty() && t.len() <= 16_384 && t.bytes().all(|b| b.is_ascii_graphic())
}

fn msal_account(app: &JsValue) -> Option<JsValue> {
    let call = |name: &str| method(app, name).and_then(|f| f.call0(app).ok());
    if let Some(active) = call("getActiveAccount").filter(|a| a.is_object()) {
        return Some(active);
    }
    let all = call("getAllAccounts")?.dyn_into::<Array>().ok()?;
    (all.length() == 1).then(|| all.get(0))
}

type TokenFuture = SharedTask<Result<String, ScoreError>>;

/// A token acquisition under way, which every widget on the page with the same source and
/// scopes joins instead of asking again.
struct Pending {
    id: u64,
    source: TokenSource,
    scopes: Rc<Vec<String>>,
    force: bool,
    future: TokenFuture,
}

thread_local! {
    static PENDING: RefCell<Vec<Pending>> = const { RefCell::new(Vec::new()) };
    static NEXT_ACQUISITION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many token acquisitions are under way on the page (for leak checks).
pub fn pending() -> usize {
    PENDING.with(|p| p.borrow().len())
}

/// One round of token use: the cards refreshed together share one acquisition, and,
/// after a 401, one forced refresh.
pub struct TokenRound {
    source: TokenSource,
    scopes: Rc<Vec<String>>,
    normal: RefCell<Option<TokenFuture>>,
    forced: RefCell<Option<TokenFuture>>,
}

impl TokenRound {
    /// A new round for `source` and `scopes`.
    pub fn new(source: TokenSource, scopes: Rc<Vec<String>>) -> Rc<TokenRound> {
        Rc::new(TokenRound {
            source,
            scopes,
            normal: RefCell::new(None),
            forced: RefCell::new(None),
        })
    }

    fn start(&self, slot: &RefCell<Option<TokenFuture>>, force: bool) -> TokenFuture {
        if let Some(f) = slot.borrow().as_ref() {
            return f.clone();
        }
        let f = PENDING
            .with(|p| {
                p.borrow()
                    .iter()
                    .find(|e| {
                        e.force == force && e.source == self.source && e.scopes == self.scopes
                    })
                    .map(|e| e.future.clone())
            })
            .unwrap_or_else(|| self.acquire(force));
        *slot.borrow_mut() = Some(f.clone());
        f
    }

    /// Asks the source, sharing the answer page-wide until it comes.
    fn acquire(&self, force: bool) -> TokenFuture {
        let id = NEXT_ACQUISITION.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        let source = self.source.clone();
        let asked = source.ask(&self.scopes, force);
        let f = SharedTask::new(async move {
            let token = source.answer(asked).await;
            // Widgets already queued to start in this same turn still join this answer (a
            // token returned synchronously is otherwise gone before they look); then it goes.
            wasm_bindgen_futures::spawn_local(async move {
                PENDING.with(|p| p.borrow_mut().retain(|e| e.id != id));
            });
            token
        });
        PENDING.with(|p| {
            p.borrow_mut().push(Pending {
                id,
                source: self.source.clone(),
                scopes: self.scopes.clone(),
                force,
                future: f.clone(),
            })
        });
        f
    }

    /// The token source.
    pub fn source(&self) -> &TokenSource {
        &self.source
    }

    /// The scopes asked for.
    pub fn scopes(&self) -> &Rc<Vec<String>> {
        &self.scopes
    }

    /// Asks the source for the round's token now, if nobody has yet; [`TokenRound::token`]
    /// then waits for that answer.
    pub fn begin(&self) {
        // A token handed back synchronously is checked now, so the requests can use it at once.
        self.start(&self.normal, false).start();
    }

    /// The round's token (asked for once).
    pub async fn token(&self) -> Result<String, ScoreError> {
        self.start(&self.normal, false).await
    }

    /// A token fresh from the source, asked for once per round with `forceRefresh: true`.
    pub async fn refreshed(&self) -> Result<String, ScoreError> {
        self.start(&self.forced, true).await
    }
}
