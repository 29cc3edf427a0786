//! Following the pages of an offset-paginated list: the stream the `…_stream` methods return.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::hash::BuildHasher as _;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use crate::Error;
use crate::wire::ErrorReader;

/// One page as the stream needs it: its items, and whether the server says more follow.
#[doc(hidden)]
pub struct Page<T> {
    items: Vec<T>,
    has_more: Option<bool>,
}

/// The request for the page at an offset, sent and read.
#[doc(hidden)]
pub type PageFuture<'a, T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send + 'a>>;

/// What fetches the page at an offset.
#[doc(hidden)]
pub type Fetch<'a, T> = Box<dyn FnMut(u64) -> PageFuture<'a, T> + Send + 'a>;

/// Every item of a list, page after page, fetched lazily: the next page is requested only
/// when the items of the last one have been taken, so one request at most is in flight.
///
/// The stream ends after a page the server marks as the last (`has_more: false`) or an empty
/// page. It ends with [`Error::Pagination`] when the server answers a page it has already
/// answered (a server that ignores the offset would otherwise be followed forever), and with
/// the error of any page that fails; nothing follows an error.
///
/// It is a [`futures_core::Stream`]: use it with `futures::StreamExt` (`next`, `take`,
/// `try_collect`, ...). It is `Unpin`, so it needs no pinning.
pub struct Items<'a, T, E = crate::Untyped> {
    fetch: Fetch<'a, T>,
    // The items' errors read the operation's declared error responses (`E`) when taken.
    typed: PhantomData<fn() -> E>,
    call: Option<Box<crate::Call>>,
    pending: Option<PageFuture<'a, T>>,
    buffer: VecDeque<T>,
    offset: u64,
    seen: HashSet<u64>,
    hasher: std::collections::hash_map::RandomState,
    done: bool,
}

impl<'a, T, E> Items<'a, T, E> {
    #[doc(hidden)]
    pub fn new(fetch: Fetch<'a, T>) -> Self {
        Items {
            fetch,
            typed: PhantomData,
            call: None,
            pending: None,
            buffer: VecDeque::new(),
            offset: 0,
            seen: HashSet::new(),
            hasher: std::collections::hash_map::RandomState::new(),
            done: false,
        }
    }
    /// The stream of the pages of `call`, which its errors name.
    #[doc(hidden)]
    pub fn in_call(mut self, call: crate::Call) -> Self {
        self.call = Some(Box::new(call));
        self
    }

    /// The offset of the next page to ask for: how many items the pages so far held.
    pub fn offset(&self) -> u64 {
        self.offset
    }
}

// No field is structurally pinned: the page future is boxed and pinned on its own.
impl<T, E> Unpin for Items<'_, T, E> {}

impl<T, E> fmt::Debug for Items<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("offset", &self.offset)
            .field("buffered", &self.buffer.len())
            .field("in_flight", &self.pending.is_some())
            .field("done", &self.done)
            .finish()
    }
}

impl<T: serde::Serialize, E> futures_core::Stream for Items<'_, T, E>
where
    Error<E>: From<Error>,
{
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            let offset = this.offset;
            let fetch = &mut this.fetch;
            let pending = this.pending.get_or_insert_with(|| fetch(offset));
            let Poll::Ready(page) = pending.as_mut().poll(cx) else {
                return Poll::Pending;
            };
            this.pending = None;
            let page = match page {
                Ok(page) => page,
                Err(error) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(error.into())));
                }
            };
            if page.items.is_empty() {
                this.done = true;
                continue;
            }
            // A digest of the page's items, under keys chosen at random for this stream.
            let digest = this
                .hasher
                .hash_one(serde_json::to_vec(&page.items).unwrap_or_default());
            if !this.seen.insert(digest) {
                this.done = true;
                return Poll::Ready(Some(Err(Error::<E>::Pagination {
                    offset,
                    reason: "the server answered a page it had already answered; following it would not end".to_owned(),
                    call: this.call.clone(),
                })));
            }
            this.offset = offset.saturating_add(page.items.len() as u64);
            this.done = page.has_more == Some(false);
            this.buffer.extend(page.items);
        }
    }
}

/// The offset of a page as the operation's integer type.
#[doc(hidden)]
pub fn offset_as<N: TryFrom<u64>>(offset: u64) -> Result<N, Error> {
    N::try_from(offset).map_err(|_| Error::Pagination {
        offset,
        reason: "the offset does not fit the type of the operation's offset parameter".to_owned(),
        call: None,
    })
}

/// Reads a page: the items under the property `items` and the flag under `has_more`, every
/// other property skipped (the operation's own response function reads the whole answer).
#[doc(hidden)]
pub fn read_page<T: DeserializeOwned>(
    response: &http::Response<Vec<u8>>,
    items: &'static str,
    has_more: Option<&'static str>,
    error: ErrorReader,
) -> Result<Page<T>, Error> {
    if !response.status().is_success() {
        return Err(error(response));
    }
    let body = response.body();
    let mut reader = serde_json::Deserializer::from_slice(body);
    let page = PageSeed {
        items,
        has_more,
        item: PhantomData,
    }
    .deserialize(&mut reader)
    .and_then(|page| reader.end().map(|()| page))
    .map_err(|e| Error::decode(response.status(), &e, body))?;
    Ok(page)
}

struct PageSeed<T> {
    items: &'static str,
    has_more: Option<&'static str>,
    item: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for PageSeed<T> {
    type Value = Page<T>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Page<T>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for PageSeed<T> {
    type Value = Page<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a page: an object with `{}`", self.items)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
        let mut items: Option<Vec<T>> = None;
        let mut has_more = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == self.items {
                if items.is_some() {
                    return Err(serde::de::Error::duplicate_field(self.items));
                }
                // A null list is an empty page.
                items = Some(map.next_value::<Option<Vec<T>>>()?.unwrap_or_default());
            } else if Some(key.as_ref()) == self.has_more {
                has_more = map.next_value::<Option<bool>>()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Page {
            items: items.ok_or_else(|| serde::de::Error::missing_field(self.items))?,
            has_more,
        })
    }
}
