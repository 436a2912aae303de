//! Enums kept as text. The store speaks to both backends through sqlx's `Any` driver, whose
//! derive does not reach custom types: each enum names its column values once, here.

macro_rules! text_column {
    ($enum:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $enum {
            pub fn as_str(self) -> &'static str {
                match self { $($enum::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($enum::$variant),)+ _ => None }
            }
        }

        impl sqlx::Type<sqlx::Any> for $enum {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <String as sqlx::Type<sqlx::Any>>::type_info()
            }

            fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
                <String as sqlx::Type<sqlx::Any>>::compatible(ty)
            }
        }

        impl<'q> sqlx::Encode<'q, sqlx::Any> for $enum {
            fn encode_by_ref(&self, buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <String as sqlx::Encode<'q, sqlx::Any>>::encode(self.as_str().to_owned(), buf)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Any> for $enum {
            fn decode(value: <sqlx::Any as sqlx::Database>::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                Self::parse(&text).ok_or_else(|| format!("not a {}: {text:?}", stringify!($enum)).into())
            }
        }
    };
}

text_column!(ConnectionNotice {
    AppRemovedInZoom => "appRemovedInZoom",
    ReconnectTimedOut => "reconnectTimedOut",
    RevokeFailed => "revokeFailed",
});

text_column!(HistoryAction {
    Added => "added",
    Renamed => "renamed",
    Connected => "connected",
    Disconnected => "disconnected",
    Deleted => "deleted",
    RevokedByZoom => "revokedByZoom",
    ReconnectTimedOut => "reconnectTimedOut",
});

text_column!(SyncProblem {
    Unreachable => "unreachable",
    RateLimited => "rate_limited",
    ZoomUnavailable => "zoom_unavailable",
    Unexpected => "unexpected",
    ReconnectNeeded => "reconnect_needed",
    BadPaging => "bad_paging",
});

use super::{ConnectionNotice, HistoryAction, SyncProblem};
