use std::borrow::Cow;
use std::time::Duration;

use oauth2::basic::{BasicErrorResponse, BasicErrorResponseType, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet, ExtraTokenFields, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use url::Url;

use super::ZoomError;

/// Zoom adds the regional API base to its token response.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ZoomTokenFields {
    #[serde(default)]
    api_url: Option<String>,
}
impl ExtraTokenFields for ZoomTokenFields {}

type ZoomTokenResponse = StandardTokenResponse<ZoomTokenFields, BasicTokenType>;
type Client = oauth2::Client<
    BasicErrorResponse,
    ZoomTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// Zoom's OAuth endpoints for one app (client id).
pub struct OAuth {
    client: Client,
    http: reqwest::Client,
    revoke_url: Url,
    client_id: String,
    client_secret: Option<String>,
}

/// Where to send the browser, and the two secrets to keep until it comes back.
pub struct AuthorizationRequest {
    pub url: Url,
    pub state: SecretString,
    pub verifier: SecretString,
}

/// A token response. Debug never shows the tokens.
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access_token: SecretString,
    pub refresh_token: SecretString,
    pub expires_in: Duration,
    /// What Zoom really granted, space separated.
    pub scope: String,
    pub api_url: Option<String>,
}

impl OAuth {
    /// `base` is `https://zoom.us` (or the sandbox); a client secret makes a confidential client.
    pub fn new(http: reqwest::Client, base: &Url, client_id: &str, client_secret: Option<&str>) -> Result<Self, ZoomError> {
        let endpoint = |path: &str| base.join(path).map_err(|e| ZoomError::Malformed(format!("OAuth URL: {e}")));
        let mut client = oauth2::Client::new(ClientId::new(client_id.to_owned()))
            .set_auth_uri(AuthUrl::from_url(endpoint("/oauth/authorize")?))
            .set_token_uri(TokenUrl::from_url(endpoint("/oauth/token")?));
        if let Some(secret) = client_secret {
            client = client.set_client_secret(ClientSecret::new(secret.to_owned()));
        }
        Ok(Self {
            client,
            http,
            revoke_url: endpoint("/oauth/revoke")?,
            client_id: client_id.to_owned(),
            client_secret: client_secret.map(str::to_owned),
        })
    }

    /// A fresh one-time state and PKCE S256 pair, and the authorize URL that carries them.
    pub fn authorization(&self, redirect_uri: &str) -> Result<AuthorizationRequest, ZoomError> {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let redirect = redirect_url(redirect_uri)?;
        let (url, state) =
            self.client.authorize_url(|| CsrfToken::new_random_len(32)).set_pkce_challenge(challenge).set_redirect_uri(Cow::Owned(redirect)).url();
        Ok(AuthorizationRequest {
            url,
            state: SecretString::from(state.secret().to_owned()),
            verifier: SecretString::from(verifier.secret().to_owned()),
        })
    }

    pub async fn exchange_code(&self, code: &str, verifier: &SecretString, redirect_uri: &str) -> Result<TokenSet, ZoomError> {
        let response = self
            .client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.expose_secret().to_owned()))
            .set_redirect_uri(Cow::Owned(redirect_url(redirect_uri)?))
            .request_async(&self.http)
            .await
            .map_err(token_error)?;
        token_set(response)
    }

    /// Zoom rotates the refresh token: the one passed here is dead once this returns.
    pub async fn refresh(&self, refresh_token: &SecretString) -> Result<TokenSet, ZoomError> {
        let token = RefreshToken::new(refresh_token.expose_secret().to_owned());
        let response = self.client.exchange_refresh_token(&token).request_async(&self.http).await.map_err(token_error)?;
        token_set(response)
    }

    /// Revokes the grant, which also uninstalls the app for that Zoom user. Zoom's revoke is a
    /// plain form POST (`token=…`) with the same client authentication as the token endpoint.
    pub async fn revoke(&self, refresh_token: &SecretString) -> Result<(), ZoomError> {
        let mut form = vec![("token", refresh_token.expose_secret())];
        let request = self.http.post(self.revoke_url.clone());
        let request = match &self.client_secret {
            Some(secret) => request.basic_auth(&self.client_id, Some(secret)),
            None => {
                form.push(("client_id", &self.client_id));
                request
            }
        };
        let response = request.form(&form).send().await.map_err(ZoomError::from_reqwest)?;
        match response.status() {
            s if s.is_success() => Ok(()),
            s if s.is_server_error() => Err(ZoomError::Server { status: s.as_u16() }),
            s => Err(ZoomError::Rejected { status: s.as_u16(), code: None }),
        }
    }
}

fn redirect_url(redirect_uri: &str) -> Result<RedirectUrl, ZoomError> {
    RedirectUrl::new(redirect_uri.to_owned()).map_err(|e| ZoomError::Malformed(format!("redirect URI: {e}")))
}

fn token_set(response: ZoomTokenResponse) -> Result<TokenSet, ZoomError> {
    let Some(refresh_token) = response.refresh_token() else {
        return Err(ZoomError::Malformed("the token response has no refresh token".into()));
    };
    let refresh_token = SecretString::from(refresh_token.secret().to_owned());
    let scope = response.scopes().map(|scopes| scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")).unwrap_or_default();
    Ok(TokenSet {
        access_token: SecretString::from(response.access_token().secret().to_owned()),
        refresh_token,
        expires_in: response.expires_in().unwrap_or(Duration::from_secs(3599)),
        scope,
        api_url: response.extra_fields().api_url.clone(),
    })
}

type TokenRequestError = RequestTokenError<oauth2::HttpClientError<reqwest::Error>, BasicErrorResponse>;

fn token_error(error: TokenRequestError) -> ZoomError {
    match error {
        RequestTokenError::ServerResponse(response) => match response.error() {
            BasicErrorResponseType::InvalidGrant => ZoomError::InvalidGrant,
            BasicErrorResponseType::InvalidClient | BasicErrorResponseType::UnauthorizedClient => ZoomError::Rejected { status: 401, code: None },
            _ => ZoomError::Rejected { status: 400, code: None },
        },
        RequestTokenError::Request(oauth2::HttpClientError::Reqwest(e)) => ZoomError::from_reqwest(*e),
        RequestTokenError::Request(e) => ZoomError::Unreachable(e.to_string()),
        RequestTokenError::Parse(e, _) => ZoomError::Malformed(e.to_string()),
        // oauth2 reports a non-JSON error page (a 5xx, say) here.
        RequestTokenError::Other(message) => ZoomError::Malformed(message),
    }
}
