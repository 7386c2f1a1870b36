//! Paginators: every page of a list action as a [`Stream`], or its items one by one. A product
//! crate implements [`Paged`] for the request builder of each action that pages (by page number
//! or by token); the runtime decides when the last page has come.
//!
//! Each page is one ordinary call: it waits for the rate limiter, is retried by the retry policy,
//! and an error ends the stream after being passed on.

use crate::Error;
use futures_core::Stream;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

/// A request builder of an action that pages.
pub trait Paged: Clone + Send + Sized + 'static {
    /// One page: the action's output.
    type Output: Send + 'static;
    /// One element of a page's list.
    type Item: Send + 'static;

    /// Sends the request for one page.
    fn send_page(self) -> impl Future<Output = Result<Self::Output, Error>> + Send + 'static;

    /// The request for the page after `page`, which this request returned; `None` after the last.
    fn next_page(&self, page: &Self::Output) -> Option<Self>;

    /// The page's elements.
    fn page_items(page: Self::Output) -> Vec<Self::Item>;
}

/// The number of the page after `current` (the first page is 1), or `None` when the page just
/// received was the last: it was empty, or the page count or the total says so, or, with neither
/// given, it was shorter than the page size asked for.
pub fn next_page_number(current: Option<i64>, size: Option<i64>, items: usize, total: Option<i64>, page_count: Option<i64>) -> Option<i64> {
    let page = current.unwrap_or(1);
    let items = i64::try_from(items).unwrap_or(i64::MAX);
    let last = items == 0
        || page_count.is_some_and(|count| page >= count)
        || matches!((total, size), (Some(total), Some(size)) if page.saturating_mul(size) >= total)
        || (total.is_none() && page_count.is_none() && size.is_some_and(|size| items < size));
    (!last).then_some(page + 1)
}

/// The token to ask for the next page with, or `None` when the page just received was the last:
/// no token, an empty one, or the same one again (which would repeat the page forever).
pub fn next_page_token(sent: Option<&str>, received: Option<&str>) -> Option<String> {
    received.filter(|token| !token.is_empty() && Some(*token) != sent).map(str::to_string)
}

type PageFuture<O> = Pin<Box<dyn Future<Output = Result<O, Error>> + Send>>;

/// Every page of a list action, first to last, as a [`Stream`] of results; also readable without
/// a stream library through [`Paginator::next`].
///
/// ```no_run
/// # use aliyun_rpc_runtime::paginate::{Paged, Paginator};
/// # async fn demo<B: Paged>(request: B) -> Result<(), aliyun_rpc_runtime::Error> {
/// let mut pages = Paginator::new(request);
/// while let Some(page) = pages.next().await {
///     let page = page?;
///     // ...
/// }
/// # Ok(()) }
/// ```
#[must_use = "a paginator does nothing until it is polled"]
pub struct Paginator<B: Paged> {
    /// The request for the next page, until the last page has come.
    next: Option<B>,
    /// The request in flight and its answer.
    in_flight: Option<(B, PageFuture<B::Output>)>,
}

impl<B: Paged> Paginator<B> {
    /// The pages from the one `first` asks for.
    pub fn new(first: B) -> Self {
        Paginator { next: Some(first), in_flight: None }
    }

    /// The next page, or `None` after the last page (or after an error).
    pub async fn next(&mut self) -> Option<Result<B::Output, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The elements of every page, one by one.
    pub fn items(self) -> Items<B> {
        Items { pages: self, buffer: VecDeque::new() }
    }
}

// Nothing is pinned in place: the future in flight is boxed.
impl<B: Paged> Unpin for Paginator<B> {}

impl<B: Paged> Stream for Paginator<B> {
    type Item = Result<B::Output, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.in_flight.is_none() {
            let Some(request) = this.next.take() else { return Poll::Ready(None) };
            let future = Box::pin(request.clone().send_page());
            this.in_flight = Some((request, future));
        }
        let (request, future) = this.in_flight.as_mut().expect("a request in flight");
        let result = ready!(future.as_mut().poll(cx));
        if let Ok(page) = &result {
            this.next = request.next_page(page);
        }
        this.in_flight = None;
        Poll::Ready(Some(result))
    }
}

/// The elements of every page of a list action, as a [`Stream`] of results; also readable without
/// a stream library through [`Items::next`].
#[must_use = "a paginator does nothing until it is polled"]
pub struct Items<B: Paged> {
    pages: Paginator<B>,
    buffer: VecDeque<B::Item>,
}

impl<B: Paged> Items<B> {
    /// The next element, or `None` after the last (or after an error).
    pub async fn next(&mut self) -> Option<Result<B::Item, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every element of every page, or the first error.
    pub async fn collect(mut self) -> Result<Vec<B::Item>, Error> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }
}

impl<B: Paged> Unpin for Items<B> {}

impl<B: Paged> Stream for Items<B> {
    type Item = Result<B::Item, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.buffer.extend(B::page_items(page)),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_stop_at_the_last_page() {
        // By page count, by total, by a short page, by an empty page.
        assert_eq!(next_page_number(Some(1), Some(10), 10, None, Some(3)), Some(2));
        assert_eq!(next_page_number(Some(3), Some(10), 10, None, Some(3)), None);
        assert_eq!(next_page_number(Some(2), Some(10), 10, Some(25), None), Some(3));
        assert_eq!(next_page_number(Some(3), Some(10), 5, Some(25), None), None);
        assert_eq!(next_page_number(None, Some(10), 10, None, None), Some(2));
        assert_eq!(next_page_number(Some(2), Some(10), 4, None, None), None);
        assert_eq!(next_page_number(Some(2), None, 4, None, None), Some(3), "without a size, only an empty page ends");
        assert_eq!(next_page_number(Some(5), Some(10), 0, Some(100), None), None);
    }

    #[test]
    fn tokens_stop_when_absent_empty_or_repeated() {
        assert_eq!(next_page_token(None, Some("t1")).as_deref(), Some("t1"));
        assert_eq!(next_page_token(Some("t1"), Some("t2")).as_deref(), Some("t2"));
        assert_eq!(next_page_token(Some("t1"), Some("t1")), None);
        assert_eq!(next_page_token(Some("t1"), Some("")), None);
        assert_eq!(next_page_token(Some("t1"), None), None);
    }
}
