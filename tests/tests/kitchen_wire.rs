//! The kitchen sink's generated client against its generated server, with random values:
//! whatever typed request the client sends in a path style, a query style, a header, a
//! cookie, a form, a multipart, a binary or a text body, the server reads back the same typed request,
//! and binary and text responses come back as they were sent. The runtime's halves are
//! proved inverse in `wire.rs`; this proves the emitted code calls them consistently.

use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use futures_util::StreamExt as _;
use kitchen_sink::Nullable;
use kitchen_sink::client::Client;
use kitchen_sink::models as m;
use kitchen_sink::server::{Api, Credentials};
use kitchen_sink::stream::{Event, Items, StreamError};
use proptest::prelude::*;
use serde_json::Value;

/// Keeps each request it receives (as `Debug` text) for the test to compare.
#[derive(Clone, Default)]
struct Recording(Arc<Mutex<Vec<String>>>);

impl Recording {
    fn keep(&self, request: &dyn std::fmt::Debug) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).push(format!("{request:?}"));
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// The operations this test does not send answer 500, through `Api::error_response`.
macro_rules! not_under_test {
    ($($name:ident: $request:ident => $response:ident,)*) => {
        $(
            async fn $name(&self, _: m::$request, _: Credentials) -> Result<m::$response, String> {
                Err("not under test".to_owned())
            }
        )*
    };
}

impl Api for Recording {
    type Error = String;

    not_under_test! {
        list_things: ListThingsRequest => ListThingsResponse,
        create_thing: CreateThingRequest => CreateThingResponse,
        get_thing: GetThingRequest => GetThingResponse,
        update_thing: UpdateThingRequest => UpdateThingResponse,
        delete_thing: DeleteThingRequest => DeleteThingResponse,
        get_tree: GetTreeRequest => GetTreeResponse,
        get_chain: GetChainRequest => GetChainResponse,
        draw_shape: DrawShapeRequest => DrawShapeResponse,
        get_inventory: GetInventoryRequest => GetInventoryResponse,
        patch_inventory: PatchInventoryRequest => PatchInventoryResponse,
        self_: SelfRequest => SelfResponse,
        type_: TypeRequest => TypeResponse,
        error_response_2: ErrorResponseRequest => ErrorResponseResponse,
        strict_rejections: StrictRejectionsRequest => StrictRejectionsResponse,
        open_rejections: OpenRejectionsRequest => OpenRejectionsResponse,
        with_oauth2: WithOauth2Request => WithOauth2Response,
        with_open_id_connect: WithOpenIdConnectRequest => WithOpenIdConnectResponse,
        with_basic: WithBasicRequest => WithBasicResponse,
        add_attachment: AddAttachmentRequest => AddAttachmentResponse,
        verify_token: VerifyTokenRequest => VerifyTokenResponse,
        delete_archive: DeleteArchiveRequest => DeleteArchiveResponse,
        look_up: LookUpRequest => LookUpResponse,
        post_pets: PostPetsRequest => PostPetsResponse,
        create_subscription: CreateSubscriptionRequest => CreateSubscriptionResponse,
        create_pet: CreatePetOperationRequest => CreatePetOperationResponse,
        get_vehicle: GetVehicleRequest => GetVehicleResponse,
        get_record: GetRecordRequest => GetRecordResponse,
        list_accounts: ListAccountsRequest => ListAccountsResponse,
        create_account: CreateAccountRequest => CreateAccountResponse,
        get_host: GetHostRequest => GetHostResponse,
    }

    /// Keeps the request it was sent.
    async fn get_region_site(
        &self,
        request: m::GetRegionSiteRequest,
        _: Credentials,
    ) -> Result<m::GetRegionSiteResponse, String> {
        self.keep(&request);
        Ok(m::GetRegionSiteResponse::NoContent)
    }

    /// Keeps the request it was sent.
    async fn list_charges(
        &self,
        request: m::ListChargesRequest,
        _: Credentials,
    ) -> Result<m::ListChargesResponse, String> {
        self.keep(&request);
        Ok(m::ListChargesResponse::NoContent)
    }

    /// Keeps the request and the query key it carried.
    async fn filter_by_tags(
        &self,
        request: m::FilterByTagsRequest,
        credentials: Credentials,
    ) -> Result<m::FilterByTagsResponse, String> {
        let key = credentials.api_key_query_2.as_ref().map(|k| k.expose().to_owned());
        self.keep(&(request, key));
        Ok(m::FilterByTagsResponse::NoContent)
    }

    /// Keeps the request and the cookie key it carried.
    async fn with_cookie_key(
        &self,
        request: m::WithCookieKeyRequest,
        credentials: Credentials,
    ) -> Result<m::WithCookieKeyResponse, String> {
        let key = credentials.session_key.as_ref().map(|k| k.expose().to_owned());
        self.keep(&(request, key));
        Ok(m::WithCookieKeyResponse::NoContent)
    }

    /// Answers the point it was sent as a page of one, with a second page after the first.
    async fn search_points(
        &self,
        request: m::SearchPointsRequest,
        _: Credentials,
    ) -> Result<m::SearchPointsResponse, String> {
        self.keep(&request);
        let x_next_page = (request.page.unwrap_or(1) < 2).then_some(2);
        Ok(m::SearchPointsResponse::Ok { body: vec![request.body], headers: m::SearchPointsOkHeaders { x_next_page } })
    }

    async fn export_archive(
        &self,
        request: m::ExportArchiveRequest,
        _: Credentials,
    ) -> Result<m::ExportArchiveResponse, String> {
        self.keep(&request);
        Ok(m::ExportArchiveResponse::Ok(axum::body::Bytes::from_static(b"tar")))
    }

    async fn get_archive(
        &self,
        request: m::GetArchiveRequest,
        _: Credentials,
    ) -> Result<m::GetArchiveResponse, String> {
        self.keep(&request);
        Ok(m::GetArchiveResponse::Ok(format!("holds {}", request.name)))
    }

    async fn export_point(
        &self,
        request: m::ExportPointRequest,
        _: Credentials,
    ) -> Result<m::ExportPointResponse, String> {
        self.keep(&request);
        Ok(export(request.format))
    }

    async fn message_of_the_day(
        &self,
        request: m::MessageOfTheDayRequest,
        _: Credentials,
    ) -> Result<m::MessageOfTheDayResponse, String> {
        self.keep(&request);
        Ok(m::MessageOfTheDayResponse::Ok(None))
    }

    async fn attach(&self, request: m::AttachRequest, _: Credentials) -> Result<m::AttachResponse, String> {
        self.keep(&request);
        Ok(m::AttachResponse::NoContent)
    }

    async fn delimited_objects(
        &self,
        request: m::DelimitedObjectsRequest,
        _: Credentials,
    ) -> Result<m::DelimitedObjectsResponse, String> {
        self.keep(&request);
        Ok(m::DelimitedObjectsResponse::NoContent)
    }

    /// Answers with the signup it was sent.
    async fn create_signup(
        &self,
        request: m::CreateSignupRequest,
        _: Credentials,
    ) -> Result<m::CreateSignupResponse, String> {
        self.keep(&request);
        Ok(m::CreateSignupResponse::Created(request.body))
    }

    async fn create_signup_form(
        &self,
        request: m::CreateSignupFormRequest,
        _: Credentials,
    ) -> Result<m::CreateSignupFormResponse, String> {
        self.keep(&request);
        Ok(m::CreateSignupFormResponse::NoContent)
    }

    async fn update_signage(
        &self,
        request: m::UpdateSignageRequest,
        _: Credentials,
    ) -> Result<m::UpdateSignageResponse, String> {
        self.keep(&request);
        Ok(m::UpdateSignageResponse::NoContent)
    }

    async fn update_recording_status(
        &self,
        request: m::UpdateRecordingStatusRequest,
        _: Credentials,
    ) -> Result<m::UpdateRecordingStatusResponse, String> {
        self.keep(&request);
        Ok(m::UpdateRecordingStatusResponse::NoContent)
    }

    async fn add_addons(&self, request: m::AddAddonsRequest, _: Credentials) -> Result<m::AddAddonsResponse, String> {
        self.keep(&request);
        Ok(m::AddAddonsResponse::NoContent)
    }

    async fn set_hours(&self, request: m::SetHoursRequest, _: Credentials) -> Result<m::SetHoursResponse, String> {
        self.keep(&request);
        Ok(m::SetHoursResponse::NoContent)
    }

    async fn create_label(
        &self,
        request: m::CreateLabelRequest,
        _: Credentials,
    ) -> Result<m::CreateLabelResponse, String> {
        self.keep(&request);
        Ok(m::CreateLabelResponse::NoContent)
    }

    /// Answers with the patch it was sent.
    async fn patch_profile(
        &self,
        request: m::PatchProfileRequest,
        _: Credentials,
    ) -> Result<m::PatchProfileResponse, String> {
        self.keep(&request);
        Ok(m::PatchProfileResponse::Ok(request.body))
    }

    async fn post_profile_card(
        &self,
        request: m::PostProfileCardRequest,
        _: Credentials,
    ) -> Result<m::PostProfileCardResponse, String> {
        self.keep(&request);
        Ok(m::PostProfileCardResponse::NoContent)
    }

    async fn post_note(&self, request: m::PostNoteRequest, _: Credentials) -> Result<m::PostNoteResponse, String> {
        self.keep(&request);
        Ok(m::PostNoteResponse::NoContent)
    }

    async fn post_rule(&self, request: m::PostRuleRequest, _: Credentials) -> Result<m::PostRuleResponse, String> {
        self.keep(&request);
        Ok(m::PostRuleResponse::NoContent)
    }

    async fn post_booking(
        &self,
        request: m::PostBookingRequest,
        _: Credentials,
    ) -> Result<m::PostBookingResponse, String> {
        self.keep(&request);
        Ok(m::PostBookingResponse::NoContent)
    }

    async fn post_launch(
        &self,
        request: m::PostLaunchRequest,
        _: Credentials,
    ) -> Result<m::PostLaunchResponse, String> {
        self.keep(&request);
        Ok(m::PostLaunchResponse::NoContent)
    }

    async fn put_maintenance(
        &self,
        request: m::PutMaintenanceRequest,
        _: Credentials,
    ) -> Result<m::PutMaintenanceResponse, String> {
        self.keep(&request);
        Ok(m::PutMaintenanceResponse::NoContent)
    }

    async fn post_tally(&self, request: m::PostTallyRequest, _: Credentials) -> Result<m::PostTallyResponse, String> {
        self.keep(&request);
        Ok(m::PostTallyResponse::NoContent)
    }

    async fn post_stamps(
        &self,
        request: m::PostStampsRequest,
        _: Credentials,
    ) -> Result<m::PostStampsResponse, String> {
        self.keep(&request);
        Ok(m::PostStampsResponse::NoContent)
    }

    async fn post_plot(&self, request: m::PostPlotRequest, _: Credentials) -> Result<m::PostPlotResponse, String> {
        self.keep(&request);
        Ok(m::PostPlotResponse::NoContent)
    }

    /// Answers the code as the token, or 400 in the media type `deny` names.
    async fn exchange_token(
        &self,
        request: m::ExchangeTokenRequest,
        _: Credentials,
    ) -> Result<m::ExchangeTokenResponse, String> {
        self.keep(&request);
        Ok(grant_for(request.body))
    }

    async fn post_scan(&self, request: m::PostScanRequest, _: Credentials) -> Result<m::PostScanResponse, String> {
        self.keep(&request);
        Ok(m::PostScanResponse::NoContent)
    }

    async fn post_stamped_scan(
        &self,
        request: m::PostStampedScanRequest,
        _: Credentials,
    ) -> Result<m::PostStampedScanResponse, String> {
        self.keep(&request);
        Ok(m::PostStampedScanResponse::NoContent)
    }

    /// Keeps the request's `Debug` text, then the secrets it read, exposed.
    async fn post_secrets(
        &self,
        request: m::PostSecretsRequest,
        _: Credentials,
    ) -> Result<m::PostSecretsResponse, String> {
        self.keep(&request);
        self.keep(&secrets_exposed(&request));
        Ok(m::PostSecretsResponse::NoContent)
    }

    /// Keeps the request's `Debug` text, then the secrets it read, exposed.
    async fn open_vault(&self, request: m::OpenVaultRequest, _: Credentials) -> Result<m::OpenVaultResponse, String> {
        self.keep(&request);
        self.keep(&exposed(&request));
        Ok(m::OpenVaultResponse::NoContent)
    }

    async fn path_styles(
        &self,
        request: m::PathStylesRequest,
        _: Credentials,
    ) -> Result<m::PathStylesResponse, String> {
        self.keep(&request);
        Ok(m::PathStylesResponse::NoContent)
    }

    async fn query_styles(
        &self,
        request: m::QueryStylesRequest,
        _: Credentials,
    ) -> Result<m::QueryStylesResponse, String> {
        self.keep(&request);
        Ok(m::QueryStylesResponse::NoContent)
    }

    async fn header_and_cookie_styles(
        &self,
        request: m::HeaderAndCookieStylesRequest,
        _: Credentials,
    ) -> Result<m::HeaderAndCookieStylesResponse, String> {
        self.keep(&request);
        Ok(m::HeaderAndCookieStylesResponse::NoContent)
    }

    /// Answers with the point it was sent.
    async fn post_document(
        &self,
        request: m::PostDocumentRequest,
        _: Credentials,
    ) -> Result<m::PostDocumentResponse, String> {
        self.keep(&request);
        Ok(m::PostDocumentResponse::Ok(request.body))
    }

    async fn upload(&self, request: m::UploadRequest, _: Credentials) -> Result<m::UploadResponse, String> {
        self.keep(&request);
        Ok(m::UploadResponse::NoContent)
    }

    async fn checkout(&self, request: m::CheckoutRequest, _: Credentials) -> Result<m::CheckoutResponse, String> {
        self.keep(&request);
        Ok(m::CheckoutResponse::NoContent)
    }

    /// Answers with the bytes it was sent.
    async fn put_image(&self, request: m::PutImageRequest, _: Credentials) -> Result<m::PutImageResponse, String> {
        self.keep(&request);
        Ok(m::PutImageResponse::Ok(request.body))
    }

    async fn corpus_search(
        &self,
        request: m::CorpusSearchRequest,
        _: Credentials,
    ) -> Result<m::CorpusSearchResponse, String> {
        self.keep(&request);
        Ok(m::CorpusSearchResponse::NoContent)
    }

    async fn corpus_settings(
        &self,
        request: m::CorpusSettingsRequest,
        _: Credentials,
    ) -> Result<m::CorpusSettingsResponse, String> {
        self.keep(&request);
        Ok(m::CorpusSettingsResponse::NoContent)
    }

    async fn corpus_action(
        &self,
        request: m::CorpusActionRequest,
        _: Credentials,
    ) -> Result<m::CorpusActionResponse, String> {
        self.keep(&request);
        Ok(m::CorpusActionResponse::NoContent)
    }

    /// Answers the point it was sent, moved one step along each axis.
    async fn corpus_charset(
        &self,
        request: m::CorpusCharsetRequest,
        _: Credentials,
    ) -> Result<m::CorpusCharsetResponse, String> {
        self.keep(&request);
        let m::Point { x, y } = request.body;
        Ok(m::CorpusCharsetResponse::Ok(m::Point { x: x.wrapping_add(1), y: y.wrapping_add(1) }))
    }

    /// `count` ticks as events named `tick` with their number as id, the last with a
    /// retry; a negative count is a 404; with no count, one tick and then silence, which
    /// only a server that flushes each event delivers.
    async fn stream_ticks(
        &self,
        request: m::StreamTicksRequest,
        _: Credentials,
    ) -> Result<m::StreamTicksResponse, String> {
        self.keep(&request);
        let Some(count) = request.count else {
            let first = futures_util::stream::iter([Ok(Event::new(tick(1)).event("tick").id("1"))]);
            return Ok(m::StreamTicksResponse::Ok(Items::new(first.chain(futures_util::stream::pending()))));
        };
        if count < 0 {
            return Ok(m::StreamTicksResponse::NotFound(problem("no such ticks")));
        }
        let ticks = (1..=i64::from(count)).map(|n| {
            let event = Event::new(tick(n)).event("tick").id(n.to_string());
            if n == i64::from(count) { event.retry(std::time::Duration::from_millis(1500)) } else { event }
        });
        Ok(m::StreamTicksResponse::Ok(ticks.collect()))
    }

    /// Lines of text that SSE must frame: several lines in one event, spaces at the
    /// ends, a trailing line feed, a colon.
    async fn stream_log(&self, request: m::StreamLogRequest, _: Credentials) -> Result<m::StreamLogResponse, String> {
        self.keep(&request);
        Ok(m::StreamLogResponse::Ok(LOG.iter().map(|line| Event::new((*line).to_owned())).collect()))
    }

    /// A chat completion: the whole message as JSON, or when the request asks for a
    /// stream, the message's words as chunks.
    async fn create_chat_completion(
        &self,
        request: m::CreateChatCompletionRequest,
        _: Credentials,
    ) -> Result<m::CreateChatCompletionResponse, String> {
        self.keep(&request);
        let words = ["Hello", "!", " How", " are", " you", "?"];
        if request.body.stream != Some(true) {
            let message = m::ChatMessage { role: m::ChatMessageRole::Assistant, content: words.concat() };
            let choice = m::ChatCompletionChoice { index: 0, message, finish_reason: Some("stop".to_owned()) };
            let body = m::ChatCompletion { id: "c1".to_owned(), model: request.body.model, choices: vec![choice] };
            let headers = m::CreateChatCompletionOkHeaders { openai_processing_ms: Some(12) };
            return Ok(m::CreateChatCompletionResponse::Ok { body, headers });
        }
        let chunks = words.map(|w| {
            let delta = m::ChatChunkChoiceDelta { role: None, content: Some(w.to_owned()) };
            let choice = m::ChatChunkChoice { index: 0, delta, finish_reason: None };
            let chunk = m::ChatChunk {
                id: "c1".to_owned(),
                model: request.body.model.clone(),
                created: None,
                choices: vec![choice],
            };
            Event::new(chunk)
        });
        let headers = m::CreateChatCompletionOkHeaders { openai_processing_ms: Some(34) };
        Ok(m::CreateChatCompletionResponse::OkStream { body: chunks.into_iter().collect(), headers })
    }

    /// A thousand ticks, one a line.
    async fn stream_tick_lines(
        &self,
        request: m::StreamTickLinesRequest,
        _: Credentials,
    ) -> Result<m::StreamTickLinesResponse, String> {
        self.keep(&request);
        Ok(m::StreamTickLinesResponse::Ok((1..=1000).map(tick).collect()))
    }

    /// Three ticks and then an error, which ends the body before its end.
    async fn stream_tick_sequence(
        &self,
        request: m::StreamTickSequenceRequest,
        _: Credentials,
    ) -> Result<m::StreamTickSequenceResponse, String> {
        self.keep(&request);
        // The error comes a moment later, as a real failure would: an error before any of
        // the body is sent drops the answer whole, and the client sees no response.
        let failure = futures_util::stream::once(async {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            Err(StreamError::Transport { message: "gave up".to_owned() })
        });
        let ticks = futures_util::stream::iter((1..=3).map(|n| Ok(tick(n)))).chain(failure);
        Ok(m::StreamTickSequenceResponse::Success { status: 206, body: Items::new(ticks) })
    }

    /// Reads the ticks as they arrive, keeps them (errors as their text) and answers how
    /// many decoded and how many did not.
    async fn ingest_ticks(
        &self,
        request: m::IngestTicksRequest,
        _: Credentials,
    ) -> Result<m::IngestTicksResponse, String> {
        let items: Vec<Result<m::Tick, String>> = request
            .body
            .map(|i| {
                INGESTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                i.map_err(|e| e.to_string())
            })
            .collect()
            .await;
        self.keep(&items);
        let malformed = items.iter().filter(|i| i.is_err()).count();
        let read = items.len() - malformed;
        let count = |n: usize| i64::try_from(n).map_err(|e| e.to_string());
        Ok(m::IngestTicksResponse::Ok(m::IngestCount { read: count(read)?, malformed: count(malformed)? }))
    }

    /// Answers with the text it was sent, or 422 with a fixed text when there was none.
    async fn render_report(
        &self,
        request: m::RenderReportRequest,
        _: Credentials,
    ) -> Result<m::RenderReportResponse, String> {
        self.keep(&request);
        Ok(match request.body {
            Some(text) => m::RenderReportResponse::Ok(text),
            None => m::RenderReportResponse::ClientError { status: 422, body: "no report".to_owned() },
        })
    }
}

/// The answer to `exportPoint` in each format: every media type its responses declare.
fn export(format: m::Format) -> m::ExportPointResponse {
    use m::{ExportPointOkMedia as Ok, ExportPointOtherMedia as Other, ExportPointResponse as R};
    let point = m::Point { x: 1, y: -2 };
    match format {
        m::Format::Json => R::Ok(Ok::ApplicationJson(point)),
        m::Format::Problem => R::Ok(Ok::ApplicationProblemJson(point)),
        m::Format::Csv => R::Ok(Ok::TextCsv("x,y\n1,-2\n".to_owned())),
        m::Format::Pdf => R::Ok(Ok::ApplicationPdf(axum::body::Bytes::from_static(b"%PDF-1.7\n\xff\x00"))),
        m::Format::Text => R::Other { status: 409, body: Other::TextPlain("busy".to_owned()) },
    }
}

/// One server and client for every case: a runtime of its own, the router on a port of
/// 127.0.0.1, and the recording it shares with the test.
struct Harness {
    runtime: tokio::runtime::Runtime,
    client: Client,
    /// The server's address, for requests the generated client would not send.
    addr: std::net::SocketAddr,
    api: Recording,
    /// Held for each exchange: the tests run on several threads and share the recording.
    serial: Mutex<()>,
}

static HARNESS: LazyLock<Harness> = LazyLock::new(|| {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let api = Recording::default();
    let app = kitchen_sink::server::router(api.clone()).layer(axum::middleware::map_request(keep_search_media));
    let addr = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        addr
    });
    // A credential for every scheme: the router answers 401 to an operation whose
    // requirements none of the request's credentials meet.
    let client = Client::builder(&format!("http://{addr}/"))
        .api_key_header_2("key")
        .api_key_query_2("key")
        .bearer_auth("token")
        .basic_auth("user", "password")
        .oauth("token")
        .open_id("token")
        .build()
        .expect("client");
    Harness { runtime, client, addr, api, serial: Mutex::new(()) }
});

/// The `Content-Type` of each request to `/search`, which the typed request cannot show.
static SEARCH_MEDIA: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The paths of requests to `/files/`, which the router does not serve.
static FILE_PATHS: Mutex<Vec<String>> = Mutex::new(Vec::new());

async fn keep_search_media(request: axum::extract::Request) -> axum::extract::Request {
    if request.uri().path().starts_with("/files/") {
        FILE_PATHS.lock().unwrap_or_else(PoisonError::into_inner).push(request.uri().path().to_owned());
    }
    if request.uri().path() == "/search" {
        let media = request.headers().get("content-type").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        SEARCH_MEDIA.lock().unwrap_or_else(PoisonError::into_inner).push(media.unwrap_or_default());
    }
    request
}

/// Runs one call on the harness, alone, and returns its outcome (errors as text) with
/// what the server received meanwhile.
fn exchange<T, E: std::fmt::Display>(call: impl Future<Output = Result<T, E>>) -> (Result<T, String>, Vec<String>) {
    let _alone = HARNESS.serial.lock().unwrap_or_else(PoisonError::into_inner);
    let outcome = HARNESS.runtime.block_on(call).map_err(|e| e.to_string());
    (outcome, HARNESS.api.take())
}

/// Asserts the call succeeded and the server read exactly `request`.
fn assert_received<T, R: std::fmt::Debug>(
    request: &R,
    (outcome, received): &(Result<T, String>, Vec<String>),
) -> Result<(), TestCaseError> {
    prop_assert_eq!(outcome.as_ref().err(), None);
    prop_assert_eq!(received, &vec![format!("{request:?}")]);
    Ok(())
}

/// The secret parameters of `openVault`, exposed: what the wire carried.
fn exposed(r: &m::OpenVaultRequest) -> (String, String, Option<String>, Option<String>) {
    let shown = |s: &Option<kitchen_sink::Secret>| s.as_ref().map(|s| s.expose().clone());
    (r.vault.expose().clone(), r.pin.expose().clone(), shown(&r.x_passphrase), shown(&r.otp))
}

/// A tri-state field that is absent or holds a value (never `null`).
fn present<T>(value: Option<T>) -> Nullable<T> {
    value.map_or(Nullable::Absent, Nullable::Value)
}

/// Absent, `null` or a value: the three states of a tri-state field.
fn nullable<T: Clone + std::fmt::Debug>(value: impl Strategy<Value = T>) -> impl Strategy<Value = Nullable<T>> {
    prop_oneof![Just(Nullable::Absent), Just(Nullable::Null), value.prop_map(Nullable::Value)]
}

fn text() -> impl Strategy<Value = String> {
    "\\PC{0,12}"
}

fn nonempty() -> impl Strategy<Value = String> {
    "\\PC{1,12}"
}

fn key() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,6}"
}

/// A file of any bytes (mostly not UTF-8), perhaps named (with `;` and non-ASCII letters,
/// which the part's header must keep), perhaps of a media type other than the declared one
/// among `types`.
fn file(types: &'static [&'static str]) -> impl Strategy<Value = kitchen_sink::File> {
    let data = proptest::collection::vec(any::<u8>(), 0..200).prop_map(axum::body::Bytes::from);
    let filename = proptest::option::of("[a-zA-Z0-9 ;.ü_-]{1,12}");
    let content_type = proptest::option::of(proptest::sample::select(types)).prop_map(|t| t.map(str::to_owned));
    (data, filename, content_type).prop_map(|(data, filename, content_type)| kitchen_sink::File {
        data,
        filename,
        content_type,
    })
}

fn color() -> impl Strategy<Value = m::Color> {
    prop_oneof![Just(m::Color::Red), Just(m::Color::Green), Just(m::Color::LightBlue), Just(m::Color::Self_)]
}

fn point() -> impl Strategy<Value = m::Point> {
    (any::<i64>(), any::<i64>()).prop_map(|(x, y)| m::Point { x, y })
}

/// A filter with something in it: a deepObject or form object with no member is not
/// written at all, so it reads back as absent, which the client cannot say otherwise.
fn filter() -> impl Strategy<Value = m::Filter> {
    let range = (any::<i64>(), any::<i64>()).prop_map(|(min, max)| m::FilterRange { min: Some(min), max: Some(max) });
    (text(), proptest::option::of(range)).prop_map(|(name, range)| m::Filter { name: Some(name), range })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn path_styles_round_trip(
        // A whole segment of `.` or `..` is refused by the client (a dot segment), rightly.
        label in nonempty().prop_filter("a dot segment is refused", |l| l != "." && l != ".."),
        matrix in proptest::collection::vec(any::<i64>(), 0..4),
        list in proptest::collection::vec(color(), 1..4),
        point in point(),
        owner in nonempty(),
        repo in nonempty(),
    ) {
        let request = m::PathStylesRequest { label, matrix, list, point, owner, repo };
        let got = exchange(HARNESS.client.path_styles_with(request.clone()));
        assert_received(&request, &got)?;
    }

    #[test]
    fn query_styles_round_trip(
        spaced in proptest::option::of(proptest::collection::vec(any::<i32>(), 1..4)),
        piped in proptest::collection::vec(nonempty(), 1..4),
        filter in proptest::option::of(filter()),
        point in proptest::option::of(point()),
        labels in proptest::option::of(proptest::collection::btree_map(key(), text(), 1..3)),
        raw in proptest::option::of(text()),
        where_ in proptest::option::of(filter()),
    ) {
        let request = m::QueryStylesRequest { spaced, piped, filter, point, labels, raw, where_ };
        let got = exchange(HARNESS.client.query_styles_with(request.clone()));
        assert_received(&request, &got)?;
    }

    /// Objects in spaceDelimited and pipeDelimited style (`explode: false`), members
    /// holding the other style's delimiter and text that needs encoding.
    #[test]
    fn delimited_objects_round_trip(
        spaced in proptest::option::of(point()),
        piped in proptest::collection::btree_map(key(), text(), 1..4),
    ) {
        let request = m::DelimitedObjectsRequest { spaced, piped };
        let got = exchange(HARNESS.client.delimited_objects_with(request.clone()));
        assert_received(&request, &got)?;
    }

    #[test]
    fn header_and_cookie_styles_round_trip(
        x_ids in proptest::collection::vec(any::<i64>(), 1..4),
        x_point in proptest::option::of(point()),
        session in text(),
        prefs in proptest::option::of(proptest::collection::vec(nonempty(), 1..3)),
        origin in proptest::option::of(point()),
    ) {
        let request = m::HeaderAndCookieStylesRequest { x_ids, x_point, session, prefs, origin };
        let got = exchange(HARNESS.client.header_and_cookie_styles_with(request.clone()));
        assert_received(&request, &got)?;
    }

    /// Secret parameters (`format: password`) in a path, a query, a header and a cookie
    /// are sent as their values and read back into `Secret`s holding the same values.
    #[test]
    fn secret_parameters_round_trip(
        vault in nonempty().prop_filter("a dot segment is refused", |n| n != "." && n != ".."),
        pin in text(),
        reason in proptest::option::of(text()),
        passphrase in proptest::option::of("[!-~]{1,12}"),
        otp in proptest::option::of(text()),
    ) {
        let request = m::OpenVaultRequest {
            vault: vault.into(),
            pin: pin.into(),
            reason,
            x_passphrase: passphrase.map(Into::into),
            otp: otp.map(Into::into),
        };
        let (outcome, received) = exchange(HARNESS.client.open_vault_with(request.clone()));
        prop_assert_eq!(outcome.err(), None);
        prop_assert_eq!(received, vec![format!("{request:?}"), format!("{:?}", exposed(&request))]);
    }

    /// A PATCH body's optional nullable fields, nested ones too, reach the server as sent
    /// (absent, `null` or a value) and come back the same in the response.
    #[test]
    fn tri_state_fields_round_trip_both_ways(
        id in any::<i64>(),
        nickname in nullable(text()),
        age in nullable(any::<i32>()),
        tags in nullable(proptest::collection::vec(text(), 0..3)),
        home in nullable((text(), nullable(text())).prop_map(|(city, zip)| m::Address { city, zip })),
        note in proptest::option::of(text()),
    ) {
        let request = m::PatchProfileRequest { id, body: m::ProfilePatch { nickname, age, tags, home, note } };
        let got = exchange(HARNESS.client.patch_profile_with(request.clone()));
        assert_received(&request, &got)?;
        prop_assert_eq!(got.0.map(|r| r.into_inner()), Ok(m::PatchProfileResponse::Ok(request.body)));
    }

    /// A multipart body's tri-state fields round-trip as absent or a value, and a JSON
    /// part's as `null` too (a text part cannot say `null`; see
    /// `a_text_part_cannot_say_null`).
    #[test]
    fn tri_state_multipart_parts_round_trip(
        id in any::<i64>(),
        title in text(),
        caption in proptest::option::of(text()),
        home in nullable((text(), nullable(text())).prop_map(|(city, zip)| m::Address { city, zip })),
        tags in proptest::option::of(proptest::collection::vec(text(), 1..3)),
    ) {
        let body = m::ProfileCard { title, caption: present(caption), home, tags: present(tags) };
        let request = m::PostProfileCardRequest { id, body };
        let got = exchange(HARNESS.client.post_profile_card_with(request.clone()));
        assert_received(&request, &got)?;
    }

    #[test]
    fn form_bodies_round_trip(
        customer in text(),
        tags in proptest::option::of(proptest::collection::vec(nonempty(), 1..3)),
        metadata in proptest::option::of(proptest::collection::btree_map(key(), text(), 1..3)),
        items in proptest::option::of(proptest::collection::vec(
            (text(), proptest::option::of(any::<i32>())).prop_map(|(price, quantity)| m::CheckoutItem { price, quantity }),
            1..3,
        )),
    ) {
        let request = m::CheckoutRequest { body: m::Checkout { customer, tags, metadata, items } };
        let got = exchange(HARNESS.client.checkout_with(request.clone()));
        assert_received(&request, &got)?;
    }

    #[test]
    fn multipart_bodies_round_trip(
        title in text(),
        file in file(&["text/plain", "image/png"]),
        pages in proptest::option::of(any::<i32>()),
        color in proptest::option::of(color()),
        point in proptest::option::of(point()),
        // A part per item: an empty list is no part, which reads back as absent.
        tags in proptest::option::of(proptest::collection::vec(text(), 1..3)),
        points in proptest::option::of(proptest::collection::vec(point(), 1..3)),
        marks in proptest::option::of(proptest::collection::vec(any::<i32>(), 1..3)),
    ) {
        let request =
            m::UploadRequest { body: m::UploadBody { title, file, pages, color, point, tags, points, marks } };
        let got = exchange(HARNESS.client.upload_with(request.clone()));
        assert_received(&request, &got)?;
    }

    /// Files as multipart parts: any bytes, a list of them (each part of the list's name),
    /// file names, and media types from those `encoding.contentType` declares.
    #[test]
    fn file_parts_round_trip(
        files in proptest::collection::vec(file(&["image/jpeg"]), 0..3),
        preview in proptest::option::of(file(&["text/csv"])),
        extras in proptest::option::of(proptest::collection::vec(file(&["application/pdf"]), 1..3)),
        note in proptest::option::of(text()),
    ) {
        let request = m::AttachRequest { body: m::AttachBody { files, preview, extras, note } };
        let got = exchange(HARNESS.client.attach_with(request.clone()));
        assert_received(&request, &got)?;
    }

    #[test]
    fn binary_bodies_round_trip_both_ways(
        name in nonempty().prop_filter("a dot segment is refused", |n| n != "." && n != ".."),
        body in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let request = m::PutImageRequest { name, body: axum::body::Bytes::from(body) };
        let got = exchange(HARNESS.client.put_image_with(request.clone()));
        assert_received(&request, &got)?;
        prop_assert_eq!(got.0.map(|r| r.into_inner()), Ok(m::PutImageResponse::Ok(request.body)));
    }

    #[test]
    fn text_bodies_round_trip_both_ways(body in proptest::option::of(nonempty())) {
        let request = m::RenderReportRequest { body };
        let got = exchange(HARNESS.client.render_report_with(request.clone()));
        assert_received(&request, &got)?;
        let expected = match request.body {
            Some(text) => m::RenderReportResponse::Ok(text),
            None => m::RenderReportResponse::ClientError { status: 422, body: "no report".to_owned() },
        };
        prop_assert_eq!(got.0.map(|r| r.into_inner()), Ok(expected));
    }
}

/// A body offered as JSON or as a form of one schema is read by the `Content-Type` it
/// carries; its text representation, of another type, is answered 415 naming the type.
#[test]
fn a_body_is_read_by_the_media_type_it_carries() {
    let post = |content_type: &'static str, body: &'static str| {
        let url = format!("http://{}/documents", HARNESS.addr);
        let request = raw_client().post(url).header("content-type", content_type).body(body);
        let (sent, received) = exchange(async move {
            let response = request.send().await?;
            let status = response.status().as_u16();
            response.text().await.map(|text| (status, text))
        });
        (sent.expect("sent"), received)
    };
    let point = m::PostDocumentRequest { body: m::Point { x: 1, y: -2 } };
    let ((status, _), received) = post("application/x-www-form-urlencoded", "x=1&y=-2");
    assert_eq!((status, received), (200, vec![format!("{point:?}")]));
    let ((status, _), received) = post("application/vnd.api+json", r#"{"x":1,"y":-2}"#);
    assert_eq!((status, received), (200, vec![format!("{point:?}")]));
    let ((status, text), received) = post("text/plain", "1,-2");
    assert_eq!((status, received), (415, Vec::<String>::new()));
    assert!(text.contains("text/plain") && text.contains("\"in\":\"header\""), "{text}");
}

/// Stripe's brackets round-trip: a deepObject list (`expand[0]=…`), a list of objects
/// (`items[0][price]=…`) and nested objects with a list inside, values needing encoding.
#[test]
fn deep_objects_of_lists_and_nested_objects_round_trip() {
    let request = m::ListChargesRequest {
        expand: Some(vec!["data.customer".to_owned(), "a b&c]".to_owned()]),
        items: Some(vec![
            m::Item { price: "price_1".to_owned(), quantity: Some(2) },
            m::Item { price: "prïce [2]".to_owned(), quantity: None },
        ]),
        created: Some(m::Created {
            gte: Some(1_700_000_000),
            range: Some(m::CreatedRange {
                from: Some("2024-01-01".to_owned()),
                tags: Some(vec!["x".to_owned(), "y=z".to_owned()]),
            }),
        }),
    };
    let (outcome, received) = exchange(HARNESS.client.list_charges_with(request.clone()));
    assert_eq!(outcome.err(), None);
    assert_eq!(received, vec![format!("{request:?}")]);
    // The server reads the other bracket forms too: `expand[]=` and repeated indexes.
    let url = format!("http://{}/charges?expand[]=a&expand[]=b&items[0][price]=p", HARNESS.addr);
    let (answer, received) = exchange(async move {
        let response = raw_client().get(url).send().await?;
        let status = response.status().as_u16();
        response.text().await.map(|text| (status, text))
    });
    let (status, text) = answer.expect("answered");
    assert_eq!(status, 204, "{text}");
    let read = m::ListChargesRequest {
        expand: Some(vec!["a".to_owned(), "b".to_owned()]),
        items: Some(vec![m::Item { price: "p".to_owned(), quantity: None }]),
        created: None,
    };
    assert_eq!(received, vec![format!("{read:?}")]);
}

/// A path segment the server cannot split back (`{name}{ext}`) is still written by the
/// client, encoded; the server has no route for it, so the answer is its JSON 404.
#[test]
fn an_unsplittable_path_is_written_by_the_client_and_not_routed() {
    let (outcome, received) = exchange(HARNESS.client.get_file("re port", ".txt").send());
    assert!(outcome.is_err_and(|e| e.contains("404")), "no route, so the 404 is undeclared");
    assert!(received.is_empty());
    let paths = std::mem::take(&mut *FILE_PATHS.lock().unwrap_or_else(PoisonError::into_inner));
    // Values in a shared segment are encoded strictly, `.` included.
    assert_eq!(paths, ["/files/re%20port%2Etxt"]);
}

/// A parameter the path names twice is written in both places, read from both, and a
/// request whose two places differ is refused before the implementation sees it.
#[test]
fn a_parameter_named_twice_in_the_path_must_agree() {
    let exchanged = exchange(HARNESS.client.get_region_site("eu west/1").send());
    assert_eq!(exchanged.0.as_ref().err(), None);
    assert_eq!(exchanged.1, [format!("{:?}", m::GetRegionSiteRequest { region: "eu west/1".to_owned() })]);
    let (status, _, body) = answer_of(reqwest::Method::GET, "/regions/System.eu/sites/us", &[("x-api-key", "k")]);
    assert_eq!(status, 400, "{body}");
    assert!(body.to_string().contains("region"), "{body}");
    assert!(HARNESS.api.take().is_empty(), "the implementation saw nothing");
}

/// An exploded form map takes every query key that no other parameter, nor the query API
/// key, takes: keys with spaces, `&`, `=`, brackets and non-ASCII text come back as sent.
#[test]
fn an_exploded_form_map_takes_the_keys_no_one_else_does() {
    let client =
        Client::builder(&format!("http://{}/", HARNESS.addr)).api_key_query_2("q-key").build().expect("client");
    let tags: std::collections::BTreeMap<String, String> = [
        ("colour", "blue"),
        ("a b&c=d", "x y&z"),
        ("ünï", "cödé"),
        ("sorted", "not the deepObject `sort`"),
        ("x[0]", "brackets"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let sort = m::Sort { by: Some("name".to_owned()) };
    let call = client.filter_by_tags().limit(5).tags(tags.clone()).sort(sort.clone()).send();
    let (outcome, received) = exchange(call);
    assert_eq!(outcome.err(), None);
    let request = m::FilterByTagsRequest { limit: Some(5), tags: Some(tags), sort: Some(sort) };
    assert_eq!(received, vec![format!("{:?}", (request, Some("q-key".to_owned())))]);
    // No key of its own: the map is absent, not empty (the harness's client sends its query
    // key, `key`, which the map does not take).
    let (_, received) = exchange(HARNESS.client.filter_by_tags().limit(1).send());
    let request = m::FilterByTagsRequest { limit: Some(1), tags: None, sort: None };
    assert_eq!(received, vec![format!("{:?}", (request, Some("key".to_owned())))]);
    // A map key given twice cannot be read as one map.
    let url = format!("http://{}/tags?a=1&a=2", HARNESS.addr);
    let (status, _) = exchange(async move { reqwest::get(url).await.map(|r| r.status().as_u16()) });
    assert_eq!(status, Ok(400));
}

/// An API key in a cookie travels in the request's one `Cookie` header beside the cookie
/// parameters, and the server reads it into `Credentials`; a key a cookie cannot carry is
/// refused when the client is built.
#[test]
fn an_api_key_cookie_shares_the_cookie_header_with_parameters() {
    let client = Client::builder(&format!("http://{}/", HARNESS.addr)).session_key("k3y-Ab.9").build().expect("client");
    let (outcome, received) = exchange(client.with_cookie_key().theme("dark mode").send());
    assert_eq!(outcome.err(), None);
    let request = m::WithCookieKeyRequest { theme: Some("dark mode".to_owned()) };
    assert_eq!(received, vec![format!("{:?}", (request, Some("k3y-Ab.9".to_owned())))]);
    // Without the key, the router answers 401 and the implementation sees nothing.
    let (outcome, received) = exchange(HARNESS.client.with_cookie_key().send());
    assert!(outcome.is_err_and(|e| e.contains("401")), "the operation requires the key");
    assert!(received.is_empty());
    let bad = Client::builder("http://x/").session_key("a; b=c").build();
    assert!(bad.is_err(), "a key with `;` would forge another cookie");
}

/// A binary response can be read as it arrives instead of buffered whole.
#[test]
fn a_binary_response_streams() {
    let body: Vec<u8> = (0..1_500_000u32).map(|i| (i % 251) as u8).collect();
    let bytes = axum::body::Bytes::from(body.clone());
    let (read, received) = exchange(async move {
        let mut response = HARNESS.client.put_image("big", bytes).send_streaming().await?;
        let mut read = Vec::new();
        let mut chunks = 0;
        while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string()).map_err(std::io::Error::other)? {
            read.extend_from_slice(&chunk);
            chunks += 1;
        }
        Ok::<_, Box<dyn std::error::Error>>((response.status().as_u16(), chunks, read))
    });
    let (status, chunks, read) = read.expect("streamed");
    assert_eq!(received.len(), 1);
    assert_eq!((status, read.len()), (200, body.len()));
    assert!(read == body, "the streamed body differs");
    assert!(chunks > 1, "a 1.5 MB body came in {chunks} chunk");
}

/// A response that may be `null` is an `Option`: the server answers `None` as `null`, and
/// the client reads it back as `None`.
#[test]
fn a_nullable_response_carries_none() {
    let (got, received) = exchange(HARNESS.client.message_of_the_day().into_future());
    assert_eq!(got.map(|r| r.into_inner()), Ok(m::MessageOfTheDayResponse::Ok(None)));
    assert_eq!(received.len(), 1);
    let url = format!("http://{}/motd", HARNESS.addr);
    let (text, _) = exchange(async move { raw_client().get(url).send().await?.text().await });
    assert_eq!(text.as_deref(), Ok("null"), "the server writes `None` as `null`");
}

/// A plain HTTP client whose requests carry an API key and basic credentials, which meet
/// the requirements of every operation raw requests are sent to.
fn raw_client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-api-key", reqwest::header::HeaderValue::from_static("key"));
    headers.insert("authorization", reqwest::header::HeaderValue::from_static("Basic dXNlcjpwYXNzd29yZA=="));
    reqwest::Client::builder().default_headers(headers).build().expect("a client")
}

/// Sends a request without credentials of its own; the status, `Content-Type` and body.
fn answer_of(method: reqwest::Method, target: &str, headers: &[(&'static str, &'static str)]) -> (u16, String, Value) {
    let url = format!("http://{}{target}", HARNESS.addr);
    let mut request = reqwest::Client::new().request(method, url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let (answer, _) = exchange(async move {
        let response = request.send().await?;
        let status = response.status().as_u16();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        response.bytes().await.map(|body| (status, content_type, body))
    });
    let (status, content_type, body) = answer.expect("answered");
    (status, content_type, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// The router rejects in the error schema the operation declares (issue 19): the message
/// in the string that carries it (within its `maxLength`), the status in the integer
/// that does, enums and formats kept, under the declared media type; a request with no
/// credential an operation accepts is a 401 before the implementation sees it.
#[test]
fn rejections_are_answered_in_the_declared_error_schema() {
    use reqwest::Method;
    const KEY_AND_QUERY: &str = "/strict/5?api_key=k";
    let strict = |status: u16, value: &Value| {
        assert_eq!(value["error"]["status"], status, "{value}");
        let detail = value["error"]["detail"].as_str().expect("a detail");
        assert!(detail.starts_with(&status.to_string()) && detail.chars().count() <= 40, "{detail}");
        assert_eq!(value["kind"], "invalid", "{value}");
        assert!(value["traceId"].as_str().is_some_and(|t| t.len() == 36), "{value}");
        assert!(value["at"].as_str().is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok()), "{value}");
    };
    // A malformed path parameter, with credentials: `default`'s schema.
    let (status, content_type, body) =
        answer_of(Method::GET, "/strict/many?api_key=k", &[("x-api-key", "k"), ("x-request-id", "r")]);
    assert_eq!((status, content_type.as_str()), (400, "application/problem+json"));
    strict(400, &body);
    // No credentials, or half of a requirement: the declared 401's schema.
    for headers in [&[][..], &[("x-api-key", "k")]] {
        let (status, content_type, body) = answer_of(Method::GET, "/strict/5", headers);
        assert_eq!((status, content_type.as_str()), (401, "application/problem+json"), "{headers:?}");
        strict(401, &body);
    }
    // Either alternative in full reaches the implementation, which is not under test here.
    for (target, headers) in
        [(KEY_AND_QUERY, &[("x-api-key", "k")][..]), ("/strict/5", &[("authorization", "Basic dXNlcjpwYXNzd29yZA==")])]
    {
        let (status, _, _) = answer_of(Method::GET, target, headers);
        assert_eq!(status, 500, "{target} {headers:?}: past the router");
    }
    // An empty requirement leaves the operation open.
    assert_eq!(answer_of(Method::DELETE, "/strict/5", &[]).0, 500, "open: past the router");
    // `4XX`'s `Problem {message, code}`, and the runtime's own JSON where nothing fits.
    let (status, _, body) = answer_of(Method::GET, "/things?limit=0x", &[("x-api-key", "k")]);
    assert_eq!((status, &body["code"]), (400, &Value::from(400)), "{body}");
    assert!(body["message"].as_str().is_some_and(|m| m.starts_with("400 Bad Request - query parameter `limit`")));
    // A request is read before its credentials are looked at: malformed is 400 either way.
    let (status, _, body) =
        answer_of(Method::GET, "/things?limit=1&on=2024-01-01&colors=red", &[("x-request-id", "r")]);
    assert_eq!((status, &body["code"]), (401, &Value::from(401)), "{body}");
    let (status, _, body) = answer_of(Method::DELETE, "/strict/many", &[]);
    assert_eq!((status, &body["parameter"], &body["in"]), (400, &Value::from("count"), &Value::from("path")), "{body}");
    // `4XX` declared as `text/plain` only: the message alone, as text (schemathesis's
    // content_type_conformance found it answered as JSON).
    let url = format!("http://{}/reports", HARNESS.addr);
    let (answer, _) = exchange(async move {
        let response = reqwest::Client::new().post(url).header("content-type", "text/plain").body("x").send().await?;
        let status = response.status().as_u16();
        let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
        response.text().await.map(|text| (status, content_type, text))
    });
    let (status, content_type, text) = answer.expect("answered");
    assert_eq!((status, content_type.as_deref()), (401, Some("text/plain")));
    assert!(text.starts_with("401 Unauthorized - "), "{text}");
}

/// Sends a raw request and returns its status.
fn status_of(
    method: reqwest::Method,
    target: String,
    cookie: String,
    content_type: &'static str,
    body: Vec<u8>,
) -> u16 {
    let url = format!("http://{}{target}", HARNESS.addr);
    let request = raw_client()
        .request(method, url)
        .header("cookie", cookie)
        .header("x-ids", "1,x")
        .header("content-type", content_type)
        .body(body);
    let (status, _) = exchange(async move { request.send().await.map(|r| r.status().as_u16()) });
    status.expect("answered")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever arrives in a styled path, a query, a cookie or a form or multipart body,
    /// the generated readers answer it without a 5xx (and without panicking, which would
    /// drop the connection).
    #[test]
    fn malformed_wire_values_are_client_errors(
        segments in proptest::collection::vec("[a-zA-Z0-9%;=.,*\\-]{0,10}", 5),
        query in "[a-z\\[\\]=&%|,.+ 0-9]{0,40}",
        cookie in "[ -~]{0,30}",
        body in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let path = format!("/styles/{}", segments.join("/"));
        let gets = [
            (reqwest::Method::GET, format!("{path}.json?{query}"), "text/plain"),
            (reqwest::Method::GET, format!("/queries?{query}"), "text/plain"),
            (reqwest::Method::GET, format!("/headers?{query}"), "text/plain"),
            (reqwest::Method::POST, "/checkout".to_owned(), "application/x-www-form-urlencoded"),
            (reqwest::Method::POST, "/uploads".to_owned(), "multipart/form-data; boundary=x"),
            (reqwest::Method::POST, "/attachments".to_owned(), "multipart/form-data; boundary=x"),
            (reqwest::Method::POST, "/documents".to_owned(), "application/x-www-form-urlencoded"),
        ];
        for (method, target, content_type) in gets {
            let status = status_of(method, target.clone(), cookie.clone(), content_type, body.clone());
            prop_assert!(status < 500, "{target}: {status}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// The client sends a body in any representation the operation declares for it, and the
    /// server reads each back to the same value.
    #[test]
    fn the_caller_picks_the_body_media(point in point(), form in any::<bool>()) {
        let media = if form { "application/x-www-form-urlencoded" } else { "application/vnd.api+json" };
        let request = m::PostDocumentRequest { body: point.clone() };
        let got = exchange(HARNESS.client.post_document(point.clone()).body_media(media).send());
        assert_received(&request, &got)?;
        prop_assert_eq!(got.0.map(|r| r.into_inner()), Ok(m::PostDocumentResponse::Ok(point)));
    }
}

/// A list's body goes in the representation the caller picked on every page `stream`
/// fetches, not only the first.
#[test]
fn the_body_media_holds_for_every_page() {
    use futures_util::TryStreamExt as _;
    for media in ["application/x-www-form-urlencoded", "application/json"] {
        let point = m::Point { x: 3, y: -4 };
        let call = HARNESS.client.search_points(point.clone()).body_media(media);
        let (items, received) = exchange(call.stream().try_collect::<Vec<_>>());
        assert_eq!(items, Ok(vec![point.clone(), point.clone()]), "{media}");
        let first = m::SearchPointsRequest { page: None, body: point.clone() };
        let second = m::SearchPointsRequest { page: Some(2), body: point };
        assert_eq!(received, vec![format!("{first:?}"), format!("{second:?}")], "{media}");
        let seen = std::mem::take(&mut *SEARCH_MEDIA.lock().unwrap_or_else(PoisonError::into_inner));
        assert_eq!(seen, vec![media.to_owned(), media.to_owned()]);
    }
}

/// Two operations of one method that are one route to axum (`GET /archives/{id}.tar`,
/// `GET /archives/{name}`) are both served: the text beside the parameter picks one.
#[test]
fn operations_of_one_route_are_told_apart_by_their_text() {
    let (got, received) = exchange(HARNESS.client.export_archive("a.b").send());
    assert_eq!(got.map(|r| r.into_inner()), Ok(m::ExportArchiveResponse::Ok(axum::body::Bytes::from_static(b"tar"))));
    assert_eq!(received, vec![format!("{:?}", m::ExportArchiveRequest { id: "a.b".to_owned() })]);
    for name in ["a", "a.zip", ".tar", "tar"] {
        let (got, received) = exchange(HARNESS.client.get_archive(name).send());
        assert_eq!(got.map(|r| r.into_inner()), Ok(m::GetArchiveResponse::Ok(format!("holds {name}"))), "{name}");
        assert_eq!(received, vec![format!("{:?}", m::GetArchiveRequest { name: name.to_owned() })], "{name}");
    }
}

/// A response offering several media types is decoded by the `Content-Type` it carries
/// (`problem+json` apart from `application/json`, though both are JSON of one schema), and
/// the server answers with each.
#[test]
fn a_response_is_decoded_by_the_media_type_it_carries() {
    let formats = [m::Format::Json, m::Format::Problem, m::Format::Csv, m::Format::Pdf, m::Format::Text];
    for format in formats {
        let (got, received) = exchange(HARNESS.client.export_point(format).send());
        let request = m::ExportPointRequest { format };
        assert_eq!(received, vec![format!("{request:?}")]);
        let got = got.expect("decoded");
        let media = got.headers().get("content-type").map(|v| v.to_str().unwrap_or_default().to_owned());
        let expected = ["application/json", "application/problem+json", "text/csv", "application/pdf", "text/plain"];
        assert!(expected.contains(&media.as_deref().unwrap_or_default()), "{media:?}");
        assert_eq!(got.into_inner(), export(format), "{format:?}");
    }
}

/// Keys of one media type (`application/json` with only an example, and `application/json;
/// charset=utf-8` with the schema) are one typed body: the client sends the point as the
/// first key's media type, and decodes the typed answer, which the server sends with the
/// key it kept.
#[test]
fn keys_of_one_media_type_are_one_typed_body() {
    let point = m::Point { x: 7, y: -3 };
    let (got, received) = exchange(HARNESS.client.corpus_charset(point.clone()).send());
    assert_eq!(received, vec![format!("{:?}", m::CorpusCharsetRequest { body: point })]);
    let got = got.expect("decoded");
    let media = got.headers().get("content-type").map(|v| v.to_str().unwrap_or_default().to_owned());
    assert_eq!(media.as_deref(), Some("application/json; charset=utf-8"));
    assert_eq!(got.into_inner(), m::CorpusCharsetResponse::Ok(m::Point { x: 8, y: -2 }));
}

/// An empty body under a text media type is the empty text, not a missing body (Gitea's
/// `POST /markdown/raw` of `""`); no bytes without a `Content-Type` are no body.
#[test]
fn an_empty_text_body_is_the_empty_text() {
    let url = format!("http://{}/reports", HARNESS.addr);
    let send = |content_type: Option<&'static str>| {
        let mut request = raw_client().post(url.clone());
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        exchange(async move {
            let response = request.send().await?;
            let status = response.status().as_u16();
            response.text().await.map(|text| (status, text))
        })
    };
    let (answer, received) = send(Some("text/plain"));
    assert_eq!(answer, Ok((200, String::new())));
    assert_eq!(received, vec![format!("{:?}", m::RenderReportRequest { body: Some(String::new()) })]);
    let (answer, received) = send(None);
    assert_eq!(answer, Ok((422, "no report".to_owned())));
    assert_eq!(received, vec![format!("{:?}", m::RenderReportRequest { body: None })]);
}

/// An empty body under a binary media type is the empty file, not a missing body
/// (Netlify's `PUT /deploys/{deploy_id}/files/{path}`); no bytes without a `Content-Type`
/// are no body, which a required body refuses.
#[test]
fn an_empty_binary_body_is_the_empty_file() {
    let url = format!("http://{}/images/empty", HARNESS.addr);
    let send = |content_type: Option<&'static str>| {
        let mut request = raw_client().put(url.clone());
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        exchange(async move { request.send().await.map(|r| r.status().as_u16()) })
    };
    let (status, received) = send(Some("application/octet-stream"));
    assert_eq!(status, Ok(200));
    let empty = m::PutImageRequest { name: "empty".to_owned(), body: axum::body::Bytes::new() };
    assert_eq!(received, vec![format!("{empty:?}")]);
    let (status, received) = send(None);
    assert_eq!((status, received), (Ok(400), Vec::new()));
}

/// A `text/plain` request body whose schema is an object is the object as JSON text
/// (Gitea's `consumes`): read as the JSON body is, and refused when it is not that JSON.
#[test]
fn text_of_an_object_is_read_as_json() {
    let url = format!("http://{}/corpus/charset", HARNESS.addr);
    let send = |body: &'static str| {
        let request = raw_client().put(url.clone()).header("content-type", "text/plain").body(body);
        exchange(async move { request.send().await.map(|r| r.status().as_u16()) })
    };
    let (status, received) = send(r#"{"x": 7, "y": -3}"#);
    assert_eq!(status, Ok(200));
    assert_eq!(received, vec![format!("{:?}", m::CorpusCharsetRequest { body: m::Point { x: 7, y: -3 } })]);
    let (status, received) = send("x=7");
    assert_eq!((status, received), (Ok(400), Vec::new()));
}

/// A media type the response does not declare is an error that names it and keeps the
/// body.
#[test]
fn an_undeclared_response_media_type_is_an_error_naming_it() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let error = runtime.block_on(async {
        let app = axum::Router::new().route(
            "/exports/{format}",
            axum::routing::get(|| async { ([("content-type", "application/xml")], "<point x=\"1\"/>") }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        let client = Client::new(&format!("http://{addr}/")).expect("client");
        client.export_point(m::Format::Json).await.expect_err("application/xml is not declared")
    });
    let text = error.to_string();
    assert!(text.contains("`application/xml`") && text.contains("text/csv"), "{text}");
    assert_eq!(error.body(), Some(&b"<point x=\"1\"/>"[..]));
}

/// A file part of a media type its `encoding.contentType` does not declare is refused,
/// naming the part; a declared one is read.
#[test]
fn file_parts_are_held_to_their_declared_media_types() {
    let gif = kitchen_sink::File::new(&b"GIF89a\xff"[..]).with_filename("x.gif").with_content_type("image/gif");
    let body = m::AttachBody { files: vec![gif], preview: None, extras: None, note: None };
    let (sent, received) = exchange(HARNESS.client.attach(body).send());
    let error = sent.expect_err("refused");
    assert!(error.contains("400") && error.contains("files") && error.contains("image/gif"), "{error}");
    assert_eq!(received, Vec::<String>::new());
    let png = kitchen_sink::File::new(&b"\x89PNG"[..]);
    let files = vec![png.clone(), png.with_content_type("image/jpeg")];
    let body = m::AttachBody { files, preview: None, extras: None, note: None };
    let (sent, received) = exchange(HARNESS.client.attach(body).send());
    assert!(sent.is_ok(), "{sent:?}");
    assert_eq!(received.len(), 1);
}

#[test]
fn an_undeclared_body_media_is_refused_before_sending() {
    let point = m::Point { x: 1, y: 2 };
    let (sent, received) = exchange(HARNESS.client.post_document(point).body_media("text/csv").send());
    let error = sent.expect_err("refused");
    assert!(error.contains("cannot be sent as `text/csv`"), "{error}");
    assert_eq!(received, Vec::<String>::new());
}

/// A secret parameter never shows in `Debug`: not in the typed request, not in the
/// pending call that holds it.
#[test]
fn secret_parameters_are_redacted_in_debug() {
    let request = m::OpenVaultRequest {
        vault: "vault-SECRET-1".into(),
        pin: "pin-SECRET-2".into(),
        reason: Some("audit".to_owned()),
        x_passphrase: Some("pass-SECRET-3".into()),
        otp: Some("otp-SECRET-4".into()),
    };
    let shown = format!("{request:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert_eq!(shown.matches("Secret(\"***\")").count(), 4, "{shown}");
    assert!(shown.contains("audit"), "a parameter that is not secret still shows: {shown}");
    let call =
        HARNESS.client.open_vault("vault-SECRET-1", "pin-SECRET-2").x_passphrase("pass-SECRET-3").otp("otp-SECRET-4");
    let shown = format!("{call:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    // The builder takes a plain string or a `Secret` alike, and sends the value itself.
    let (outcome, received) = exchange(call.send());
    assert_eq!(outcome.err(), None);
    let values = ("vault-SECRET-1", "pin-SECRET-2", Some("pass-SECRET-3"), Some("otp-SECRET-4"));
    let values = (values.0.to_owned(), values.1.to_owned(), values.2.map(str::to_owned), values.3.map(str::to_owned));
    assert_eq!(received.get(1), Some(&format!("{values:?}")));
}

/// On the wire, `null` is sent as `null` and an absent field is left out; the server reads
/// each as what it is, not both as "no value".
#[test]
fn tri_state_fields_send_null_and_leave_absent_out() {
    let patch = m::ProfilePatch {
        nickname: Nullable::Null,
        age: Nullable::Absent,
        tags: Nullable::Value(vec!["a".to_owned()]),
        home: Nullable::Value(m::Address { city: "Oslo".to_owned(), zip: Nullable::Null }),
        note: None,
    };
    let json = serde_json::to_string(&patch).expect("json");
    assert_eq!(json, r#"{"nickname":null,"tags":["a"],"home":{"city":"Oslo","zip":null}}"#);
    let url = format!("http://{}/profiles/7", HARNESS.addr);
    let request = raw_client().patch(url).header("content-type", "application/json").body(r#"{"age":null}"#);
    let (status, received) = exchange(async move { request.send().await.map(|r| r.status().as_u16()) });
    assert_eq!(status, Ok(200));
    let body = m::ProfilePatch {
        nickname: Nullable::Absent,
        age: Nullable::Null,
        tags: Nullable::Absent,
        home: Nullable::Absent,
        note: None,
    };
    let cleared = m::PatchProfileRequest { id: 7, body };
    assert_eq!(received, vec![format!("{cleared:?}")]);
}

/// A text part has no way to say `null` (its `null` is the string): a `Null` field is left
/// out, and the server reads it as absent.
#[test]
fn a_text_part_cannot_say_null() {
    let card = |caption| m::PostProfileCardRequest {
        id: 1,
        body: m::ProfileCard { title: "t".to_owned(), caption, home: Nullable::Absent, tags: Nullable::Absent },
    };
    let (outcome, received) = exchange(HARNESS.client.post_profile_card_with(card(Nullable::Null)));
    assert_eq!(outcome.err(), None);
    assert_eq!(received, vec![format!("{:?}", card(Nullable::Absent))]);
}

/// The media a body offering JSON and multipart of one union is sent as.
fn json_or_multipart() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("application/json"), Just("multipart/form-data")]
}

/// Every shape of zoom.us's kind of settings body: a union of objects, one nested.
fn settings() -> impl Strategy<Value = m::CorpusSettings> {
    prop_oneof![
        (text(), proptest::option::of(any::<i32>()))
            .prop_map(|(theme, volume)| m::CorpusSettings::Variant0(m::CorpusSettingsVariant0 { theme, volume })),
        any::<bool>().prop_map(|mute| m::CorpusSettings::Variant1(m::CorpusSettingsVariant1::Variant0(
            m::CorpusSettingsVariant1Variant0 { mute }
        ))),
        proptest::collection::vec(point(), 0..3).prop_map(|points| m::CorpusSettings::Variant1(
            m::CorpusSettingsVariant1::Variant1(m::CorpusSettingsVariant1Variant1 { points })
        )),
    ]
}

/// digitalocean.com's kind of action: a tagged union whose `resize` value comes from a
/// mapping into a file the bundle left out, and `CorpusReboot` from the variant's name.
fn action() -> impl Strategy<Value = m::CorpusAction> {
    prop_oneof![
        any::<i32>().prop_map(|size| m::CorpusAction::CorpusResize(m::CorpusResize { type_: "resize".into(), size })),
        proptest::option::of(any::<bool>())
            .prop_map(|hard| m::CorpusAction::CorpusReboot(m::CorpusReboot { type_: "CorpusReboot".into(), hard })),
    ]
}

/// A variant the mapping names (`resize`) is still named by its schema's name
/// (`CorpusResize`): OpenAPI takes the schema's name for any value the mapping does not
/// take, and schemathesis sends it.
#[test]
fn a_mapped_variant_is_read_by_its_schema_name_too() {
    for (text, tag) in [("resize", "resize"), ("CorpusResize", "CorpusResize")] {
        let json = format!(r#"{{"type":"{text}","size":3}}"#);
        let read: m::CorpusAction = serde_json::from_str(&json).expect(text);
        assert_eq!(read, m::CorpusAction::CorpusResize(m::CorpusResize { type_: tag.into(), size: 3 }));
    }
    let unknown = serde_json::from_str::<m::CorpusAction>(r#"{"type":"grow","size":3}"#).expect_err("unknown");
    assert!(unknown.to_string().contains("expected one of `resize`, `CorpusResize`, `CorpusReboot`"), "{unknown}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// box.com's `mdfilters`, a list of objects no query style carries, and a list of
    /// lists in a header travel as JSON and come back as they were.
    #[test]
    fn parameters_no_style_carries_round_trip_as_json(
        mdfilters in proptest::option::of(proptest::collection::vec(
            (text(), proptest::option::of(proptest::collection::btree_map(key(), text(), 0..3)))
                .prop_map(|(scope, filters)| m::CorpusFilter { scope, filters }),
            0..3,
        )),
        x_pairs in proptest::option::of(proptest::collection::vec(proptest::collection::vec(any::<i32>(), 0..3), 0..3)),
    ) {
        let request = m::CorpusSearchRequest { mdfilters, x_pairs };
        let got = exchange(HARNESS.client.corpus_search_with(request.clone()));
        assert_received(&request, &got)?;
    }

    /// A union of objects is a multipart body too: the client sends the parts of the
    /// variant it holds, and the server reads the first variant that takes every part.
    #[test]
    fn multipart_unions_round_trip(body in settings(), media in json_or_multipart()) {
        let request = m::CorpusSettingsRequest { body: body.clone() };
        let got = exchange(HARNESS.client.corpus_settings(body).body_media(media).send());
        assert_received(&request, &got)?;
    }

    /// A tagged union is read by its tag, as JSON and as multipart, including the value a
    /// dangling mapping entry gave by the variant's name.
    #[test]
    fn tagged_unions_round_trip_by_their_tag(body in action(), media in json_or_multipart()) {
        let request = m::CorpusActionRequest { body: body.clone() };
        let got = exchange(HARNESS.client.corpus_action(body).body_media(media).send());
        assert_received(&request, &got)?;
    }
}

/// What the server answers a raw request, and what reached the implementation.
fn answer(
    method: reqwest::Method,
    target: &str,
    content_type: &'static str,
    body: String,
) -> (u16, String, Vec<String>) {
    let url = format!("http://{}{target}", HARNESS.addr);
    let request = raw_client().request(method, url).header("content-type", content_type).body(body);
    let (sent, received) = exchange(async move {
        let response = request.send().await?;
        let status = response.status().as_u16();
        response.text().await.map(|text| (status, text))
    });
    let (status, text) = sent.expect("answered");
    (status, text, received)
}

/// The wire form of the fallbacks, as another client would write it: Box's own example
/// of `mdfilters`, a multipart action whose tag picks the variant, and one whose tag is
/// unknown or whose parts fit no variant of an untagged union (which must take every
/// part, to be chosen), which are 400s naming the problem.
#[test]
fn the_fallbacks_wire_forms_are_what_the_apis_document() {
    let mdfilters = "%5B%7B%22scope%22%3A%22enterprise%22%2C%22filters%22%3A%7B%22category%22%3A%22online%22%7D%7D%5D";
    let (status, _, received) =
        answer(reqwest::Method::GET, &format!("/corpus/search?mdfilters={mdfilters}"), "text/plain", String::new());
    let filters = [("category".to_owned(), "online".to_owned())].into_iter().collect();
    let expected = m::CorpusSearchRequest {
        mdfilters: Some(vec![m::CorpusFilter { scope: "enterprise".into(), filters: Some(filters) }]),
        x_pairs: None,
    };
    assert_eq!((status, received), (204, vec![format!("{expected:?}")]));

    let multipart = |fields: &[(&str, &str)]| {
        let mut body = String::new();
        for (name, value) in fields {
            body += &format!("--b\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }
        format!("{body}--b--\r\n")
    };
    let send = |method: reqwest::Method, target: &str, body: String| {
        answer(method, target, "multipart/form-data; boundary=b", body)
    };
    let post = |target: &str, body: String| send(reqwest::Method::POST, target, body);
    let (status, _, received) = post("/corpus/actions", multipart(&[("type", "resize"), ("size", "3")]));
    let resize = m::CorpusAction::CorpusResize(m::CorpusResize { type_: "resize".into(), size: 3 });
    assert_eq!((status, received), (204, vec![format!("{:?}", m::CorpusActionRequest { body: resize })]));

    let (status, text, received) = post("/corpus/actions", multipart(&[("type", "restart")]));
    assert_eq!((status, received), (400, Vec::<String>::new()));
    assert!(text.contains("`restart` is not one of `resize`, `CorpusResize`, `CorpusReboot`"), "{text}");

    // A part the schema does not declare is left, as an unknown JSON member is, where a
    // tag or the body's one object says what the body is (schemathesis sends such
    // requests as valid: JSON Schema allows undeclared properties by default).
    let (status, _, received) =
        post("/corpus/actions", multipart(&[("type", "CorpusResize"), ("size", "3"), ("x", "1")]));
    let resize = m::CorpusAction::CorpusResize(m::CorpusResize { type_: "CorpusResize".into(), size: 3 });
    assert_eq!((status, received), (204, vec![format!("{:?}", m::CorpusActionRequest { body: resize })]));
    let (status, _, received) = post("/uploads", multipart(&[("title", "t"), ("file", "bytes"), ("undeclared", "1")]));
    assert_eq!(status, 204, "{received:?}");

    // Parts two variants of a `oneOf` take in part (`{theme}` and `{mute}`, each leaving
    // the other's) match both, which `oneOf` refuses; undeclared parts alone match none.
    let patch = |body: String| send(reqwest::Method::PATCH, "/corpus/settings", body);
    for fields in [&[("theme", "dark"), ("mute", "true")][..], &[("x", "{}")]] {
        let (status, text, received) = patch(multipart(fields));
        assert_eq!((status, received), (400, Vec::<String>::new()), "{fields:?}");
        assert!(text.contains("fit none of the body's variants"), "{text}");
    }
    // One variant that takes some parts and leaves undeclared ones is the variant sent
    // (schemathesis's valid body: `mute` beside parts of any other name, one nameless).
    let (status, _, received) = patch(multipart(&[("%22D", "{\"a\": {}}"), ("", "{}"), ("mute", "false")]));
    let mute = m::CorpusSettings::Variant1(m::CorpusSettingsVariant1::Variant0(m::CorpusSettingsVariant1Variant0 {
        mute: false,
    }));
    assert_eq!((status, received), (204, vec![format!("{:?}", m::CorpusSettingsRequest { body: mute })]));

    // A JSON part of a nullable property says `null` (`ProfileCard.home`); a text part's
    // `null` is the text (`caption`).
    let (status, _, received) =
        post("/profiles/7/card", multipart(&[("title", "t"), ("home", "null"), ("caption", "null")]));
    let card = m::PostProfileCardRequest {
        id: 7,
        body: m::ProfileCard {
            title: "t".into(),
            caption: Nullable::Value("null".into()),
            home: Nullable::Null,
            tags: Nullable::Absent,
        },
    };
    assert_eq!((status, received), (204, vec![format!("{card:?}")]));
}

/// A multipart body of the text parts `fields`, with the boundary `b`.
fn text_parts(fields: &[(&str, &str)]) -> String {
    let mut body = String::new();
    for (name, value) in fields {
        body += &format!("--b\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
    }
    format!("{body}--b--\r\n")
}

const PARTS: &str = "multipart/form-data; boundary=b";

/// `type: object` beside a `oneOf` holds of every member (Zoom's `PATCH /rooms/events`,
/// whose members are `properties` without `type`): a value that is not an object is
/// refused (schemathesis's `[null, null]` was read as a member's any-value variant), as
/// JSON and as parts.
#[test]
fn a_sibling_type_object_holds_of_every_member() {
    use reqwest::Method;
    for body in ["[null, null]", "null", "\"show\"", "[]"] {
        let (status, text, received) = answer(Method::PATCH, "/signage", "application/json", body.into());
        assert_eq!((status, received), (400, Vec::<String>::new()), "{body}: {text}");
    }
    let read = [
        ("application/json", r#"{"method":"hide"}"#.to_owned(), "Variant1(SignageEventVariant1 { method: Hide })"),
        (PARTS, text_parts(&[("method", "hide")]), "Variant1(SignageEventVariant1 { method: Hide })"),
        (
            PARTS,
            text_parts(&[("method", "show"), ("content", "drill")]),
            "Variant0(SignageEventVariant0 { method: Show",
        ),
    ];
    for (media, body, expected) in read {
        let (status, text, received) = answer(Method::PATCH, "/signage", media, body.clone());
        assert_eq!((status, received.len()), (204, 1), "{body}: {text}");
        assert!(received[0].contains(expected), "{body}: {received:?}");
    }
    let (status, text, _) = answer(Method::PATCH, "/signage", PARTS, text_parts(&[("method", "blink")]));
    assert_eq!(status, 400, "{text}");
}

/// `properties` without `type` offered as JSON and multipart (Zoom's recording status
/// bodies): JSON `null` (or any value that is not an object) is valid and read, where the
/// body was the object alone in every media type and refused it; parts are the object.
/// The client sends the object as parts and refuses to send any other value as parts.
#[test]
fn a_body_of_properties_without_type_beside_multipart_reads_null_as_json() {
    use reqwest::Method;
    let read = [
        ("application/json", "null".to_owned(), "Value(Null)"),
        ("application/json", "7".to_owned(), "Value(Number(7))"),
        (
            "application/json",
            r#"{"action":"recover"}"#.to_owned(),
            "Object(RecordingStatusObject { action: Some(Recover) })",
        ),
        (
            PARTS,
            text_parts(&[("action", "recover"), ("note", "x")]),
            "Object(RecordingStatusObject { action: Some(Recover) })",
        ),
        (PARTS, text_parts(&[]), "Object(RecordingStatusObject { action: None })"),
    ];
    for (media, body, expected) in read {
        let (status, text, received) = answer(Method::PUT, "/recordings/r1/status", media, body.clone());
        assert_eq!((status, received.len()), (204, 1), "{body}: {text}");
        assert!(received[0].contains(expected), "{body}: {received:?}");
    }
    for (media, body) in
        [("application/json", r#"{"action":"delete"}"#.to_owned()), (PARTS, text_parts(&[("action", "delete")]))]
    {
        let (status, text, received) = answer(Method::PUT, "/recordings/r1/status", media, body.clone());
        assert_eq!((status, received), (400, Vec::<String>::new()), "{body}: {text}");
    }
    let object = m::RecordingStatusObject { action: Some(m::RecordingStatusAction::Recover) };
    let sent = HARNESS.client.update_recording_status("r1", object.into()).body_media("multipart/form-data").send();
    let (sent, received) = exchange(sent);
    sent.expect("sent");
    assert!(received.len() == 1 && received[0].contains("Object(RecordingStatusObject { action: Some(Recover) })"));
    let sent =
        HARNESS.client.update_recording_status("r1", Value::Null.into()).body_media("multipart/form-data").send();
    let (sent, received) = exchange(sent);
    let error = sent.expect_err("not an object");
    assert!(error.contains("is not an object, so it has no parts"), "{error}");
    assert!(received.is_empty());
    let (sent, received) = exchange(HARNESS.client.update_recording_status("r1", Value::Null.into()).send());
    sent.expect("sent as JSON");
    assert!(received.len() == 1 && received[0].contains("Value(Null)"), "{received:?}");
}

/// A multipart union of objects told apart by what they require (Zoom's `POST
/// /accounts/{accountId}/plans/addons`): a part no variant declares is left when no
/// variant takes every part, as a JSON body's unknown member is; the variant is still
/// the one whose required parts are there.
#[test]
fn a_multipart_union_leaves_a_part_no_variant_declares() {
    use reqwest::Method;
    let read = [
        (&[("kind", "a"), ("hosts", "2"), (",./;'[]", "x")][..], "Variant0(AddonVariant0 { kind: \"a\", hosts: 2 })"),
        (&[("kind", "a"), ("plan", "p"), ("extra", "x")][..], "Variant1(AddonVariant1 { kind: \"a\", plan: \"p\" })"),
        (&[("kind", "a"), ("hosts", "2")][..], "Variant0(AddonVariant0 { kind: \"a\", hosts: 2 })"),
    ];
    for (fields, expected) in read {
        let (status, text, received) = answer(Method::POST, "/addons", PARTS, text_parts(fields));
        assert_eq!((status, received.len()), (204, 1), "{fields:?}: {text}");
        assert!(received[0].contains(expected), "{fields:?}: {received:?}");
    }
    for fields in [&[("kind", "a"), ("extra", "x")][..], &[("kind", "a"), ("hosts", "two"), ("extra", "x")][..]] {
        let (status, text, received) = answer(Method::POST, "/addons", PARTS, text_parts(fields));
        assert_eq!((status, received), (400, Vec::<String>::new()), "{fields:?}: {text}");
    }
}

/// `format: time` is RFC 3339's `full-time`, as JSON Schema's format says (Zoom's phone
/// hours): checked in a query parameter and in a body, by the server and the client.
#[test]
fn a_time_is_an_rfc_3339_full_time() {
    use reqwest::Method;
    let (status, text, received) = answer(
        Method::POST,
        "/hours?at=08:00:00Z",
        "application/json",
        r#"{"from":"09:30:00+02:00","to":"17:00:00.5Z"}"#.into(),
    );
    assert_eq!((status, received.len()), (204, 1), "{text}");
    let refused = [
        ("/hours?at=08:00", r#"{"from":"09:30:00Z"}"#, "at"),
        ("/hours?at=08:00:00Z", r#"{"from":"09:30"}"#, "from"),
        ("/hours", r#"{"from":"09:30:00Z","to":"25:00:00Z"}"#, "to"),
        ("/hours", r#"{"from":"2024-01-01T09:30:00Z"}"#, "from"),
    ];
    for (target, body, at) in refused {
        let (status, text, received) = answer(Method::POST, target, "application/json", body.into());
        assert_eq!((status, received), (400, Vec::<String>::new()), "{target} {body}: {text}");
        assert!(text.contains(at) && text.contains("time"), "{target} {body}: {text}");
    }
    let hours = m::Hours { from: "9:30".into(), to: None };
    let (sent, received) = exchange(HARNESS.client.set_hours(hours).into_future());
    assert!(sent.expect_err("not a time").contains("format"));
    assert!(received.is_empty());
}

/// A `File` reads from JSON as it writes (`{"data": [bytes…], …}`) and from a string, the
/// value a `type: string, format: binary` schema holds, which is what the samples the
/// conformance check synthesises from the spec carry.
#[test]
fn a_file_reads_from_a_string_or_as_written() {
    let text: kitchen_sink::File = serde_json::from_str(r#""a b""#).expect("a string");
    assert_eq!(text, kitchen_sink::File::new("a b"));
    let named = kitchen_sink::File::new(vec![0u8, 255]).with_filename("x.bin");
    let json = serde_json::to_string(&named).expect("JSON");
    assert_eq!(serde_json::from_str::<kitchen_sink::File>(&json).expect("as written"), named);
}

/// A JSON body whose schema is an object is refused when it is not one: serde reads a
/// struct from an array of its fields too, so `[…]` was read as an object (schemathesis's
/// negative_data_rejection found circleci's all-optional body taking `[null, null]`).
#[test]
fn an_object_body_must_be_a_json_object() {
    // `ProfilePatch`: every property optional, so only the check tells `[…]` from `{}`.
    for body in ["[null, null]", "[]", "\"text\""] {
        let (status, text, received) = answer(reqwest::Method::PATCH, "/profiles/1", "application/json", body.into());
        assert_eq!((status, received), (400, Vec::<String>::new()), "{body}");
        assert!(text.contains("is not a JSON object"), "{text}");
    }
    let (status, _, received) = answer(reqwest::Method::PATCH, "/profiles/1", "application/json", " {}".into());
    assert_eq!((status, received.len()), (200, 1));
    // `null` is not an object of `type: object` either (a schema without `type` holds it,
    // and reads it as no body: `json_object_or_null_body`).
    let (status, text, _) = answer(reqwest::Method::PATCH, "/profiles/1", "application/json", "null".into());
    assert_eq!(status, 400);
    assert!(text.contains("is not a JSON object"), "{text}");
}

/// A schema of `properties` without `type` holds any JSON value (JSON Schema applies
/// `properties` and `required` to objects only): the server takes `null`, a string, a
/// boolean or an array as the body and as an item (schemathesis's
/// positive_data_acceptance on Plaid's and Linode's bodies and LaunchDarkly's
/// instructions), and still holds an object to its properties (negative_data_rejection).
#[test]
fn properties_without_type_hold_any_value_and_objects_are_held_to_them() {
    use reqwest::Method;
    let accepted = [
        ("null", "Value(Null)"),
        ("\"text\"", "Value(String(\"text\"))"),
        ("false", "Value(Bool(false))"),
        ("[1]", "Value(Array"),
        (r#"{"text":"a","pin":"1"}"#, "Object(PostNoteBodyObject { text: \"a\", steps: None, pin: Some(\"1\")"),
        (
            r#"{"text":"a","pin":"1","steps":[["x"],false,null,{"kind":"add","value":1}]}"#,
            "Object(InstructionObject { kind: Add",
        ),
    ];
    for (body, read) in accepted {
        let (status, text, received) = answer(Method::POST, "/notes", "application/json", body.into());
        assert_eq!((status, received.len()), (204, 1), "{body}: {text}");
        assert!(received[0].contains(read), "{body}: {received:?}");
    }
    // `pin` is required and write-only: its field is optional (a response leaves it
    // out), and a request without it is refused all the same (Linode's `root_pass`).
    let refused = [
        (r#"{"pin":"1"}"#, "text"),
        (r#"{"text":"a"}"#, "request body at `pin` is missing (`required`)"),
        (r#"{"text":"abcdefghijklmnopqrstuvwxyz","pin":"1"}"#, "maxLength"),
        (r#"{"text":"a","pin":"1","steps":[{"value":1}]}"#, "kind"),
        (r#"{"text":"a","pin":"1","steps":[{"kind":"bogus"}]}"#, "bogus"),
        (r#"{"text":"a","pin":"1","steps":{"kind":"add"}}"#, "expected a sequence"),
    ];
    for (body, why) in refused {
        let (status, text, received) = answer(Method::POST, "/notes", "application/json", body.into());
        assert_eq!((status, received), (400, Vec::<String>::new()), "{body}: {text}");
        assert!(text.contains(why), "{body}: {text}");
    }
    // The client sends either: the struct (`.into()` the union) or any other value.
    let object = m::PostNoteBodyObject {
        text: "a".into(),
        pin: Some("1".into()),
        steps: Some(vec![serde_json::json!(7).into()]),
    };
    let (sent, received) = exchange(HARNESS.client.post_note(object.into()).into_future());
    sent.expect("sent");
    assert!(received.len() == 1 && received[0].contains("Value(Number(7))"), "{received:?}");
    let (sent, received) = exchange(HARNESS.client.post_note(serde_json::json!([1, 2]).into()).into_future());
    sent.expect("sent");
    assert!(received.len() == 1 && received[0].contains("Value(Array"), "{received:?}");
}

/// The server holds a body to every constraint its schema states (schemathesis's
/// negative_data_rejection on DigitalOcean, Linode, Plaid and Shutterstock): an enum in
/// one `allOf` member that the examples name (not read as a string), a `maxLength` in an
/// `allOf` of a type and a length, a `$ref`'d string's length, a map's `maxProperties`, a
/// property required but declared nowhere, an `anyOf` of `required` lists, and a nested
/// struct read from an object only (serde's derive also reads `[a, b]`); a client still
/// reads the struct from an array.
#[test]
fn bodies_are_held_to_constraints_through_composition_aliases_and_maps() {
    use reqwest::Method;
    let valid =
        r#"{"protocol":"tcp","method":null,"label":"web","key":"k1","metadata":{"a":"b"},"source":{"host":"h"}}"#;
    let (status, text, received) = answer(Method::POST, "/rules", "application/json", valid.into());
    assert_eq!((status, received.len()), (204, 1), "{text}");
    assert!(received[0].contains("protocol: Tcp") && received[0].contains("method: Null"), "{received:?}");
    let refused = [
        (r#"{"protocol":"bogus","method":1}"#, "bogus"),
        (r#"{"protocol":"tcp"}"#, "`method` is missing (`required`)"),
        (r#"{"protocol":"tcp","method":1,"label":"abcdefg"}"#, "maxLength"),
        (r#"{"protocol":"tcp","method":1,"key":"123456789"}"#, "maxLength"),
        (r#"{"protocol":"tcp","method":1,"metadata":{"a":"1","b":"2","c":"3"}}"#, "maxProperties"),
        (r#"{"protocol":"tcp","method":1,"key":"k","source":[null,null]}"#, "expected struct"),
        (r#"{"protocol":"tcp","method":1}"#, "has none of `label`, nor `key` (`anyOf`)"),
        (r#"["tcp",null,null,null,null,null]"#, "object"),
    ];
    for (body, why) in refused {
        let (status, text, received) = answer(Method::POST, "/rules", "application/json", body.into());
        assert_eq!((status, received), (400, Vec::<String>::new()), "{body}: {text}");
        assert!(text.contains(why), "{body}: {text}");
    }
    // Clients read leniently: the struct from an array of its fields, as serde derives.
    let source: m::PostRuleBodySource = serde_json::from_str(r#"["h", 1]"#).expect("a client reads it");
    assert_eq!((source.host.as_deref(), source.port), (Some("h"), Some(1)));
    // The client checks what the server does before it sends.
    let body = m::PostRuleBody {
        protocol: m::PostRuleBodyProtocol::Udp,
        method: Nullable::Absent,
        label: None,
        key: None,
        metadata: None,
        source: None,
    };
    let (sent, received) = exchange(HARNESS.client.post_rule(body).into_future());
    assert!(sent.is_err_and(|e| e.to_string().contains("method")) && received.is_empty(), "{received:?}");
}

/// What the server holds a request to beyond a client's reading (schemathesis's
/// negative_data_rejection on DigitalOcean and Linode): a `oneOf` value is valid under
/// exactly one variant (DigitalOcean's droplet actions with both `tag` and
/// `droplet_ids`), a required nullable property is there, `null` or not (Linode's
/// `rdns`), and a pattern with look-ahead is checked (Linode's labels). A union variant
/// without its required nullable property does not read, so the next one does (the
/// domain records that conf7's check after reading refused). Clients read leniently.
#[test]
fn one_of_values_required_nullables_and_look_around_are_held_to_the_spec() {
    use reqwest::Method;
    let taken = [
        (r#"{"slug":"web-1","rdns":null,"target":{"tag":"t"}}"#, "target: Variant0"),
        (r#"{"slug":"web-1","rdns":"h.example","target":{"droplet_ids":[1]}}"#, "target: Variant1"),
        (r#"{"slug":"a","rdns":null,"target":{"tag":"t"},"record":{"kind":"A"}}"#, "record: Some(Variant1"),
        (r#"{"slug":"a","rdns":null,"target":{"tag":"t"},"record":{"kind":"A","tag":null}}"#, "record: Some(Variant0"),
        // Valid under the first variant alone: `droplet_ids` of the wrong type.
        (r#"{"slug":"a","rdns":null,"target":{"tag":"t","droplet_ids":"x"}}"#, "target: Variant0"),
        // `null` is valid under `stop`'s first member (OpenAI's `stop`), so the property
        // holds it though it says no `nullable` of its own.
        (r#"{"slug":"a","rdns":null,"target":{"tag":"t"},"stop":null}"#, "stop: Null"),
        (r#"{"slug":"a","rdns":null,"target":{"tag":"t"},"stop":["x"]}"#, "stop: Value(StringList"),
        (r#"{"slug":"a","rdns":null,"target":{"tag":"t"},"window":{"from":"x"}}"#, "window: Some(BookingWindow"),
        (r#"{"slug":"a","rdns":null,"target":{"tag":"t"},"examples":[["a","b"],[]]}"#, "examples: Some(["),
        // Object keywords beside `type: string` (Spotify's `context_uri`).
        (r#"{"slug":"a","rdns":null,"target":{"tag":"t"},"uri":"spotify:album:1"}"#, r#"uri: Some("spotify:album:1")"#),
    ];
    for (body, read) in taken {
        let (status, text, received) = answer(Method::POST, "/bookings", "application/json", body.into());
        assert_eq!((status, received.len()), (204, 1), "{body}: {text}");
        assert!(received[0].contains(read), "{body}: {received:?}");
    }
    let refused = [
        (r#"{"slug":"web-1","rdns":null,"target":{"tag":"t","droplet_ids":[1]}}"#, "more than one"),
        (r#"{"slug":"web-1","target":{"tag":"t"}}"#, "missing field `rdns`"),
        (r#"{"slug":"web--1","rdns":null,"target":{"tag":"t"}}"#, "pattern"),
        (r#"{"slug":"web-1","rdns":null,"target":{}}"#, "target"),
        (r#"{"slug":"web-1","rdns":null,"target":{"tag":"t"},"stop":5}"#, "stop"),
        // A `oneOf` member's own constraints: `stop`'s list has `minItems: 1`.
        (r#"{"slug":"web-1","rdns":null,"target":{"tag":"t"},"stop":[]}"#, "stop"),
        // The items of a list of lists, each level (OpenAI's `examples`).
        (r#"{"slug":"web-1","rdns":null,"target":{"tag":"t"},"examples":[["a"],["b",""]]}"#, "examples[1][1]"),
        (r#"{"slug":"web-1","rdns":null,"target":{"tag":"t"},"examples":[["a","b","c"]]}"#, "examples[0]"),
        // `additionalProperties: false` (discourse's `forgot_password`).
        (r#"{"slug":"web-1","rdns":null,"target":{"tag":"t"},"window":{"from":"x","to":"y"}}"#, "unknown field `to`"),
    ];
    for (body, why) in refused {
        let (status, text, received) = answer(Method::POST, "/bookings", "application/json", body.into());
        assert_eq!((status, received), (400, Vec::<String>::new()), "{body}: {text}");
        assert!(text.contains(why), "{body}: {text}");
    }
    // A client reads both leniently: the first variant that reads, a missing `rdns` as None.
    let booking: m::Booking =
        serde_json::from_str(r#"{"slug":"x","target":{"tag":"t","droplet_ids":[1]}}"#).expect("a client reads it");
    assert!(matches!(booking.target, m::BookingTarget::Variant0(_)) && booking.rdns.is_none());
    let window: m::BookingWindow = serde_json::from_str(r#"{"from":"x","to":"y"}"#).expect("a client reads it");
    assert_eq!(window.from.as_deref(), Some("x"));
    // The client checks the look-ahead before it sends.
    let body = m::Booking {
        slug: "web--1".into(),
        rdns: None,
        target: booking.target,
        record: None,
        stop: Nullable::Absent,
        window: None,
        uri: None,
        examples: None,
    };
    let (sent, received) = exchange(HARNESS.client.post_booking(body).into_future());
    assert!(sent.is_err_and(|e| e.to_string().contains("pattern")) && received.is_empty(), "{received:?}");
}

/// A request is held to the spec where a client is lenient (schemathesis's
/// negative_data_rejection, on the kitchen sink, asana, netlify, launchdarkly, circleci):
/// `null` for an optional property that is not nullable is a 400 before the
/// implementation; a client still reads it as absent, as real APIs send it.
#[test]
fn a_request_is_read_as_strictly_as_the_spec_says() {
    use reqwest::Method;
    // `note` is optional and not nullable; `nickname` is nullable.
    let (status, text, received) = answer(Method::PATCH, "/profiles/1", "application/json", r#"{"note":null}"#.into());
    assert_eq!((status, received), (400, Vec::<String>::new()), "{text}");
    assert!(text.contains("note") && text.contains("not nullable"), "{text}");
    let (status, _, received) = answer(Method::PATCH, "/profiles/1", "application/json", r#"{"nickname":null}"#.into());
    assert_eq!((status, received.len()), (200, 1));
    // A client reads what the server refuses.
    let patch: m::ProfilePatch = serde_json::from_str(r#"{"note":null}"#).expect("a client reads null as absent");
    assert_eq!(patch.note, None);
}

/// A parameter's `minimum` and `maximum`, and a `format: uuid`, are checked before the
/// implementation (Box's `limit`, Shutterstock's `per_page`, DigitalOcean's ids:
/// schemathesis's negative_data_rejection).
#[test]
fn parameter_bounds_are_checked() {
    use reqwest::Method;
    let key = &[("x-api-key", "k")];
    for target in ["/accounts?per_page=0", "/accounts?per_page=101", "/accounts?page=0&per_page=5"] {
        let (status, _, body) = answer_of(Method::GET, target, key);
        assert_eq!(status, 400, "{target}: {body}");
        assert!(body["message"].as_str().is_some_and(|m| m.contains("out of bounds")), "{target}: {body}");
    }
    for target in ["/accounts?per_page=1", "/accounts?per_page=100&page=1", "/accounts"] {
        assert_eq!(answer_of(Method::GET, target, key).0, 500, "{target}: past the router");
    }
    // A `format: uuid` path parameter takes a UUID only (DigitalOcean's ids took `null,null`).
    let (status, _, body) = answer_of(Method::GET, "/vehicles/null%2Cnull", key);
    assert_eq!((status, &body["parameter"]), (400, &Value::from("id")), "{body}");
    assert_eq!(answer_of(Method::GET, "/vehicles/123e4567-e89b-12d3-a456-426614174000", key).0, 500, "past the router");
}

/// Every parameter is held to its schema's constraints by the server after it reads the
/// request, with the check the client runs before sending: a 400 naming the parameter,
/// where it was, and the keyword (schemathesis's negative_data_rejection on
/// DigitalOcean's path ids, whose `minimum` beside `format: uuid` makes openapiv3 read a
/// schema of any kind, so the parser's own `format: uuid` check never saw them; and its
/// `format: hostname`).
#[test]
fn parameters_are_held_to_their_constraints_by_the_server() {
    use reqwest::Method;
    const HOST: &str = "/hosts/123e4567-e89b-12d3-a456-426614174000";
    let key = ("x-api-key", "k");
    // The target (or what follows the host's path), headers, then what the 400 names.
    type Case = (&'static str, &'static [(&'static str, &'static str)], &'static str, &'static str, &'static str);
    let cases: [Case; 7] = [
        ("/hosts/null%2Cnull", &[], "host_id", "path", "format"),
        ("/hosts/123e4567e89b12d3a456426614174000", &[], "host_id", "path", "format"),
        ("?origin=", &[], "origin", "query", "format"),
        ("?origin=a_b.example.com", &[], "origin", "query", "format"),
        ("?ports=1&ports=2&ports=3", &[], "ports", "query", "maxItems"),
        ("", &[("x-zone", "Upper")], "X-Zone", "header", "pattern"),
        ("", &[("x-zone", "toolonglong")], "X-Zone", "header", "is invalid"),
    ];
    for (target, headers, parameter, location, problem) in cases {
        let target =
            if target.starts_with('?') || target.is_empty() { format!("{HOST}{target}") } else { target.into() };
        let headers: Vec<_> = headers.iter().copied().chain([key]).collect();
        let (status, _, body) = answer_of(Method::GET, &target, &headers);
        assert_eq!(
            (status, &body["parameter"], &body["in"]),
            (400, &Value::from(parameter), &Value::from(location)),
            "{target}: {body}"
        );
        assert!(body["message"].as_str().is_some_and(|m| m.contains(problem)), "{target}: {body}");
    }
    for target in [HOST.to_owned(), format!("{HOST}?origin=cdn.example.com&ports=80&ports=443")] {
        assert_eq!(answer_of(Method::GET, &target, &[key, ("x-zone", "eu")]).0, 500, "{target}: past the router");
    }
}

/// A body's constraints are checked by the server after it reads the body, with the
/// check the client runs before sending (`Validate`): each keyword, at any depth (a
/// nested object, each item of a list, each value of a map), as JSON and as a form, is a
/// 400 naming the value's path in the body and the keyword; the implementation never
/// sees the body (schemathesis's negative_data_rejection on Linode's, DigitalOcean's and
/// Box's bodies).
#[test]
fn body_constraints_are_checked_by_the_server() {
    use reqwest::Method;
    let valid = serde_json::json!({
        "name": "ada",
        "id": "123e4567-e89b-12d3-a456-426614174000",
        "email": "ada@example.com",
        "site": "https://example.com/ada",
        "tags": ["a", "b"],
        "score": 99.5,
        "home": {"zip": "12345", "tone": "warm"},
        "friends": [{"zip": "54321", "tone": "cool"}],
        "labels": {"x": 9},
        "contact": {"zip": "12345", "tone": "warm"},
        "shade": "dark",
    });
    let (status, text, received) = answer(Method::POST, "/signups", "application/json", valid.to_string());
    assert_eq!((status, received.len()), (201, 1), "{text}");
    let broken = |pointer: &str, value: Value| {
        let mut body = valid.clone();
        *body.pointer_mut(pointer).expect(pointer) = value;
        body.to_string()
    };
    let cases = [
        ("/name", Value::from(""), "name", "minLength"),
        ("/name", Value::from("abcdefghijk"), "name", "maxLength"),
        ("/name", Value::from("Ada"), "name", "pattern"),
        ("/id", Value::from("null,null"), "id", "format"),
        ("/email", Value::from("ada"), "email", "format"),
        ("/site", Value::from("example.com/ada"), "site", "format"),
        ("/tags", serde_json::json!([]), "tags", "minItems"),
        ("/tags", serde_json::json!(["a", "b", "c", "d"]), "tags", "maxItems"),
        ("/tags", serde_json::json!(["a", "a"]), "tags", "uniqueItems"),
        ("/tags", serde_json::json!(["a", "toolong"]), "tags[1]", "maxLength"),
        ("/score", Value::from(-1), "score", "minimum"),
        ("/score", Value::from(100), "score", "exclusiveMaximum"),
        ("/score", Value::from(0.25), "score", "multipleOf"),
        ("/home/zip", Value::from("1234"), "home.zip", "pattern"),
        ("/friends/0/zip", Value::from("x"), "friends[0].zip", "pattern"),
        ("/labels/x", Value::from(10), "labels.x", "maximum"),
        ("/contact", serde_json::json!({"zip": "1", "tone": "warm"}), "contact.zip", "pattern"),
    ];
    for (pointer, value, path, keyword) in cases {
        let (status, text, received) = answer(Method::POST, "/signups", "application/json", broken(pointer, value));
        assert_eq!((status, received.len()), (400, 0), "{pointer}: {text}");
        let body: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!((&body["parameter"], &body["in"]), (&Value::from(path), &Value::from("body")), "{text}");
        assert!(body["message"].as_str().is_some_and(|m| m.contains(&format!("(`{keyword}`)"))), "{text}");
    }
    // A form body is checked alike, each item of its list too.
    let form =
        |body: &'static str| answer(Method::POST, "/signups/form", "application/x-www-form-urlencoded", body.into());
    assert_eq!(form("name=ada&tags=ab&tags=cd").0, 204);
    for (body, path) in [
        ("name=abcdefghijk", "name"),
        ("name=ada&tags=ab&tags=c", "tags[1]"),
        ("name=a&tags=ab&tags=cd&tags=ef", "tags"),
    ] {
        let (status, text, received) = form(body);
        assert_eq!((status, received.len()), (400, 0), "{body}: {text}");
        assert!(text.contains(&format!("\"parameter\":\"{path}\"")), "{body}: {text}");
    }
    // The client runs the same check before sending, naming the path from `body`.
    let mut signup: m::Signup = serde_json::from_value(valid.clone()).expect("a signup");
    signup.tags = Some(vec!["a".into(), "toolong".into()]);
    let (sent, received) = exchange(HARNESS.client.create_signup_with(m::CreateSignupRequest { body: signup }));
    let e = sent.expect_err("refused before sending");
    assert!(e.contains("body.tags[1]") && e.contains("maxLength"), "{e}");
    assert!(received.is_empty());
}

/// `nullable: true` beside an `enum` that does not list `null` (Asana's `color`): OpenAPI
/// 3.0.3 says `nullable` adds `null` to the `type` only and the `enum` keeps its meaning
/// (OAI/OpenAPI-Specification#1900), so a server refuses `null` there, optional
/// (`Nullable`) or required; a client reads the `null` real APIs send.
#[test]
fn nullable_beside_an_enum_without_null_refuses_null_in_a_request() {
    use reqwest::Method;
    let home = serde_json::json!({"zip": "12345", "tone": "warm"});
    for body in [
        serde_json::json!({"name": "ada", "shade": null}),
        serde_json::json!({"name": "ada", "home": {"zip": "12345", "tone": null}}),
    ] {
        let (status, text, received) = answer(Method::POST, "/signups", "application/json", body.to_string());
        assert_eq!((status, received.len()), (400, 0), "{body}: {text}");
        assert!(text.contains("null"), "{text}");
    }
    let body = serde_json::json!({"name": "ada", "shade": "light", "home": home});
    assert_eq!(answer(Method::POST, "/signups", "application/json", body.to_string()).0, 201);
    // A client reads them.
    let signup: m::Signup =
        serde_json::from_str(r#"{"name":"ada","shade":null,"home":{"zip":"1","tone":null}}"#).expect("read");
    assert_eq!((signup.shade, signup.home.map(|h| h.tone)), (Nullable::Null, Some(None)));
}

/// The secrets of a `postSecrets` request, exposed: what the wire carried, which `Debug`
/// hides (query tokens, then the body's `pin`, `code`, `backup` and `hint`).
fn secrets_exposed(r: &m::PostSecretsRequest) -> impl std::fmt::Debug + use<> {
    let token = |l: &Option<m::SecretLogin>| l.as_ref().map(|l| l.token.as_ref().map(|t| t.expose().clone()));
    let hint = match &r.body.hint {
        Nullable::Absent => Nullable::Absent,
        Nullable::Null => Nullable::Null,
        Nullable::Value(v) => Nullable::Value(v.expose().clone()),
    };
    let body = &r.body;
    let backup = body.backup.as_ref().map(|b| b.expose().clone());
    (token(&r.login), token(&r.plain), body.pin.expose().clone(), body.code.as_ref().map(|c| *c.expose()), backup, hint)
}

fn secret_login() -> impl Strategy<Value = m::SecretLogin> {
    (text(), proptest::option::of(text()))
        .prop_map(|(user, token)| m::SecretLogin { user, token: token.map(kitchen_sink::Secret::new) })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Secrets in a multipart text part, a form field, a deepObject and a form object
    /// query parameter, and a tri-state secret: the client sends each value itself and
    /// the server reads it back into `Secret`.
    #[test]
    fn secrets_round_trip_in_every_body_and_object(
        login in proptest::option::of(secret_login()),
        plain in proptest::option::of(secret_login()),
        pin in text(),
        code in proptest::option::of(any::<i32>()),
        backup in proptest::option::of(text()),
        hint in proptest::option::of(text()),
        media in prop_oneof![Just("multipart/form-data"), Just("application/x-www-form-urlencoded")],
    ) {
        let body = m::SecretCard {
            pin: pin.into(),
            code: code.map(kitchen_sink::Secret::new),
            backup: backup.map(kitchen_sink::Secret::new),
            hint: present(hint.map(kitchen_sink::Secret::new)),
        };
        let request = m::PostSecretsRequest { login, plain, body };
        let call = HARNESS.client.post_secrets(request.body.clone()).body_media(media);
        let call = match &request.login { Some(l) => call.login(l.clone()), None => call };
        let call = match &request.plain { Some(p) => call.plain(p.clone()), None => call };
        let (outcome, received) = exchange(call.send());
        prop_assert_eq!(outcome.err(), None);
        let expected = vec![format!("{request:?}"), format!("{:?}", secrets_exposed(&request))];
        prop_assert_eq!(received, expected);
    }
}

/// A tri-state secret's `null` has no form in a multipart or form body: it is left out,
/// and read back as absent, like any tri-state field's.
#[test]
fn a_null_secret_is_left_out_of_parts_and_forms() {
    for media in ["multipart/form-data", "application/x-www-form-urlencoded"] {
        let card = |hint| m::SecretCard { pin: "p".into(), code: None, backup: None, hint };
        let (outcome, received) = exchange(HARNESS.client.post_secrets(card(Nullable::Null)).body_media(media).send());
        assert_eq!(outcome.err(), None, "{media}");
        let read = m::PostSecretsRequest { login: None, plain: None, body: card(Nullable::Absent) };
        assert_eq!(received.first(), Some(&format!("{read:?}")), "{media}");
    }
}

/// Every shape of a scan upload: a file and a label, a link, a list of pages, or a batch
/// of files with its count (the last two a union nested in the first).
fn scan_upload() -> impl Strategy<Value = m::ScanUpload> {
    use m::{ScanUpload as U, ScanUploadVariant2 as Nested};
    // A file sent as its part's default type reads back with no type, as if unsaid; the
    // types here are others.
    let files = || proptest::collection::vec(file(&["application/pdf"]), 0..3);
    prop_oneof![
        (file(&["image/tiff"]), proptest::option::of(text()))
            .prop_map(|(scan, label)| U::Variant0(m::ScanUploadVariant0 { scan, label })),
        text().prop_map(|link| U::Variant1(m::ScanUploadVariant1 { link })),
        files().prop_map(|pages| U::Variant2(Nested::Variant0(m::ScanUploadVariant2Variant0 { pages }))),
        (files(), any::<i32>())
            .prop_map(|(batch, count)| U::Variant2(Nested::ScanBatch(m::ScanBatch { batch, count }))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// `format: binary` properties of a multipart union's variants, nested or not, are
    /// files: any bytes, a name, and the media types `encoding.contentType` declares.
    #[test]
    fn files_in_multipart_unions_round_trip(body in scan_upload()) {
        let request = m::PostScanRequest { body };
        let got = exchange(HARNESS.client.post_scan_with(request.clone()));
        assert_received(&request, &got)?;
    }

    /// An object built through `allOf` has its files too, whichever member declares them.
    #[test]
    fn files_in_all_of_objects_round_trip(
        stamp in any::<i64>().prop_map(|s| chrono::DateTime::from_timestamp(s % 10_000_000_000, 0).unwrap_or_default()),
        scan in file(&["image/png"]).prop_map(|f| kitchen_sink::File { content_type: None, ..f }),
        thumbnail in proptest::option::of(file(&["text/csv"])),
    ) {
        let request = m::PostStampedScanRequest { body: m::StampedScan { stamp, scan, thumbnail } };
        let got = exchange(HARNESS.client.post_stamped_scan_with(request.clone()));
        assert_received(&request, &got)?;
    }
}

/// A file part of a union's variant is held to its declared media types like any other:
/// `image/gif` is not one of `scan`'s, so no variant takes the parts.
#[test]
fn file_parts_in_unions_keep_their_declared_media_types() {
    let scan = m::ScanUploadVariant0 {
        scan: kitchen_sink::File {
            data: axum::body::Bytes::from_static(b"GIF89a"),
            filename: Some("s.gif".to_owned()),
            content_type: Some("image/gif".to_owned()),
        },
        label: None,
    };
    let (outcome, received) = exchange(HARNESS.client.post_scan(m::ScanUpload::Variant0(scan)).send());
    let error = outcome.err().unwrap_or_default();
    assert!(error.contains("400") && error.contains("fit none"), "{error}");
    assert_eq!(received, Vec::<String>::new());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A multipart body's undeclared properties (`additionalProperties`) are a part each,
    /// beside the declared ones: text parts for scalar values.
    #[test]
    fn multipart_maps_beside_properties_round_trip(
        title in text(),
        note in proptest::option::of(text()),
        counts in proptest::collection::btree_map(
            key().prop_filter("declared names are properties", |k| k != "title" && k != "note"),
            any::<i64>(),
            0..4,
        ),
    ) {
        let request = m::PostTallyRequest { body: m::PostTallyBody { title, note, additional_properties: counts } };
        let got = exchange(HARNESS.client.post_tally_with(request.clone()));
        assert_received(&request, &got)?;
    }

    /// A union whose variant is a map of dates: a body of a `note` part is the object, any
    /// other parts the map's entries.
    #[test]
    fn multipart_unions_of_maps_round_trip(
        body in prop_oneof![
            text().prop_map(|note| m::PostStampsBody::Variant0(m::PostStampsBodyVariant0 { note })),
            proptest::collection::btree_map(
                key().prop_filter("`note` is the other variant's", |k| k != "note"),
                // RFC 3339 has four-digit years: 0000 to 9999.
                (-62_167_219_200..253_402_300_799i64)
                    .prop_map(|s| chrono::DateTime::from_timestamp(s, 0).unwrap_or_default()),
                1..4,
            )
            .prop_map(m::PostStampsBody::DateTimeMap),
        ],
    ) {
        let request = m::PostStampsRequest { body };
        let got = exchange(HARNESS.client.post_stamps_with(request.clone()));
        assert_received(&request, &got)?;
    }

    /// A body that is only a map has one part per entry: JSON parts for object values.
    #[test]
    fn multipart_maps_round_trip(body in proptest::collection::btree_map(key(), point(), 0..4)) {
        let request = m::PostPlotRequest { body };
        let got = exchange(HARNESS.client.post_plot_with(request.clone()));
        assert_received(&request, &got)?;
    }
}

/// A multipart array property is a part per item, as RFC 7578 (section 4.3) sends a
/// field's values and OpenAPI gives an array's parts its items' media type (schemathesis
/// sends Zoom's `phone_numbers` so): text items parsed, object items JSON, in order. A
/// required one with no part is the empty list (the wire cannot tell the two apart: an
/// empty body is `CorpusSettings`' variant of required `points`), an optional one is
/// absent; one part holding the whole list as JSON is those items when they are JSON
/// (objects), and one item otherwise (a text item `[3]` is refused). The generated client
/// writes a part per item.
#[test]
fn multipart_arrays_are_a_part_per_item() {
    let multipart = |fields: &[(&str, &str)]| {
        let mut body = String::new();
        for (name, value) in fields {
            body += &format!("--b\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }
        format!("{body}--b--\r\n")
    };
    let post = |fields: &[(&str, &str)]| {
        answer(reqwest::Method::POST, "/uploads", "multipart/form-data; boundary=b", multipart(fields))
    };
    let upload = |tags: Option<Vec<&str>>, points: Option<Vec<m::Point>>, marks: Option<Vec<i32>>| m::UploadRequest {
        body: m::UploadBody {
            title: "t".to_owned(),
            file: kitchen_sink::File { data: "f".into(), filename: None, content_type: None },
            pages: None,
            color: None,
            point: None,
            tags: tags.map(|t| t.into_iter().map(str::to_owned).collect()),
            points,
            marks,
        },
    };
    let parts = [
        ("title", "t"),
        ("file", "f"),
        ("tags", "a"),
        ("marks", "3"),
        ("tags", ""),
        ("points", r#"{"x":1,"y":2}"#),
        ("marks", "-4"),
        ("points", r#"{"x":3,"y":4}"#),
    ];
    let (status, text, received) = post(&parts);
    let points = vec![m::Point { x: 1, y: 2 }, m::Point { x: 3, y: 4 }];
    let expected = upload(Some(vec!["a", ""]), Some(points), Some(vec![3, -4]));
    assert_eq!((status, received), (204, vec![format!("{expected:?}")]), "{text}");

    let (status, text, received) = post(&[("title", "t"), ("file", "f")]);
    assert_eq!((status, received), (204, vec![format!("{:?}", upload(None, None, None))]), "{text}");

    let (status, text, received) =
        answer(reqwest::Method::PATCH, "/corpus/settings", "multipart/form-data; boundary=b", multipart(&[]));
    let none = m::CorpusSettings::Variant1(m::CorpusSettingsVariant1::Variant1(m::CorpusSettingsVariant1Variant1 {
        points: vec![],
    }));
    assert_eq!((status, received), (204, vec![format!("{:?}", m::CorpusSettingsRequest { body: none })]), "{text}");
    let (status, text, received) = answer(
        reqwest::Method::PATCH,
        "/corpus/settings",
        "multipart/form-data; boundary=b",
        multipart(&[("points", r#"{"x":1,"y":2}"#)]),
    );
    let one = m::CorpusSettings::Variant1(m::CorpusSettingsVariant1::Variant1(m::CorpusSettingsVariant1Variant1 {
        points: vec![m::Point { x: 1, y: 2 }],
    }));
    assert_eq!((status, received), (204, vec![format!("{:?}", m::CorpusSettingsRequest { body: one })]), "{text}");

    // A JSON array of object items in one part (as schemathesis sends an array of
    // objects) is those items; a text item is never JSON.
    let parts =
        [("title", "t"), ("file", "f"), ("points", r#"[{"x":1,"y":2},{"x":3,"y":4}]"#), ("points", r#"{"x":5,"y":6}"#)];
    let (status, text, received) = post(&parts);
    let points = vec![m::Point { x: 1, y: 2 }, m::Point { x: 3, y: 4 }, m::Point { x: 5, y: 6 }];
    assert_eq!((status, received), (204, vec![format!("{:?}", upload(None, Some(points), None))]), "{text}");

    for (name, value) in [("marks", "[3]"), ("points", r#"[{"x":1}]"#), ("points", "[1]"), ("marks", "x")] {
        let (status, text, received) = post(&[("title", "t"), ("file", "f"), (name, value)]);
        assert_eq!((status, received), (400, Vec::<String>::new()), "{name}={value}");
        assert!(text.contains(name), "{text}");
    }

    let sent = upload(Some(vec!["a", "b"]), Some(vec![m::Point { x: 5, y: 6 }]), Some(vec![7, 8]));
    let (outcome, received) = exchange(HARNESS.client.upload_with(sent.clone()));
    assert_eq!(outcome.err(), None);
    assert_eq!(received, vec![format!("{sent:?}")]);
}

/// The server reads a map's parts as strictly as declared ones: an entry that is not the
/// map's value type, or that comes twice, is a 400 naming the part; an entry named like a
/// declared property is that property, which the client therefore leaves out of the map.
#[test]
fn multipart_map_entries_are_read_strictly() {
    let multipart = |fields: &[(&str, &str)]| {
        let mut body = String::new();
        for (name, value) in fields {
            body += &format!("--b\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }
        format!("{body}--b--\r\n")
    };
    let post = |fields: &[(&str, &str)]| {
        answer(reqwest::Method::POST, "/tallies", "multipart/form-data; boundary=b", multipart(fields))
    };
    let (status, _, received) = post(&[("apples", "3"), ("title", "t")]);
    let counts = [("apples".to_owned(), 3)].into_iter().collect();
    let read = m::PostTallyRequest {
        body: m::PostTallyBody { title: "t".to_owned(), note: None, additional_properties: counts },
    };
    assert_eq!((status, received), (204, vec![format!("{read:?}")]));

    let (status, text, received) = post(&[("title", "t"), ("pears", "many")]);
    assert_eq!((status, received), (400, Vec::<String>::new()));
    assert!(text.contains("pears"), "{text}");
    let (status, text, _) = post(&[("title", "t"), ("pears", "1"), ("pears", "2")]);
    assert_eq!(status, 400);
    assert!(text.contains("pears"), "{text}");

    let shadowed = [("title".to_owned(), 9), ("kept".to_owned(), 1)].into_iter().collect();
    let body = m::PostTallyBody { title: "t".to_owned(), note: None, additional_properties: shadowed };
    let (outcome, received) = exchange(HARNESS.client.post_tally(body).send());
    assert_eq!(outcome.err(), None);
    let kept = [("kept".to_owned(), 1)].into_iter().collect();
    let read = m::PostTallyRequest {
        body: m::PostTallyBody { title: "t".to_owned(), note: None, additional_properties: kept },
    };
    assert_eq!(received, vec![format!("{read:?}")]);
}

/// What the test server answers a token request: the grant it describes, or the denial.
fn grant_for(request: m::TokenRequest) -> m::ExchangeTokenResponse {
    use m::ExchangeTokenBadRequestMedia as Denied;
    let denied = m::TokenDenied { error: "access_denied".to_owned(), error_description: Some(request.code.clone()) };
    match request.deny.as_deref() {
        Some("json") => m::ExchangeTokenResponse::BadRequest(Denied::ApplicationJson(denied)),
        Some(_) => m::ExchangeTokenResponse::BadRequest(Denied::ApplicationXWwwFormUrlencoded(denied)),
        None => m::ExchangeTokenResponse::Ok(m::TokenGrant {
            access_token: request.code.into(),
            token_type: "bearer".to_owned(),
            expires_in: request.expires_in,
            scope: request.scope,
            place: Some(m::Point { x: request.expires_in, y: request.expires_in.wrapping_neg() }),
        }),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A form response written by the generated server (pipe-delimited `scope`, a nested
    /// object in brackets, a secret) decodes in the client to the value the server meant,
    /// and a 400 decodes by the media type it carries, form or JSON.
    #[test]
    fn form_responses_round_trip(
        code in text(),
        expires_in in any::<i64>(),
        // A form cannot say an empty list: it is absent or has items.
        scope in proptest::option::of(proptest::collection::vec(text(), 1..4)),
        deny in proptest::option::of(prop_oneof![Just("json"), Just("form")]),
    ) {
        let body = m::TokenRequest { code, expires_in, scope, deny: deny.map(str::to_owned) };
        let request = m::ExchangeTokenRequest { body: body.clone() };
        let (outcome, received) = exchange(HARNESS.client.exchange_token_with(request.clone()));
        prop_assert_eq!(received, vec![format!("{request:?}")]);
        prop_assert_eq!(outcome.map(|r| r.into_inner()), Ok(grant_for(body)));
    }
}

/// A form response that does not fit its type is `Error::Decode` naming the field, its
/// message without the value, and the body kept whole.
#[test]
fn a_form_response_that_does_not_fit_names_the_field() {
    let body = "access_token=glpat-SECRET&token_type=bearer&expires_in=soon";
    let app = axum::Router::new().route(
        "/oauth/token",
        axum::routing::post(move || async move { ([("content-type", "application/x-www-form-urlencoded")], body) }),
    );
    let outcome = HARNESS.runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        let client = Client::new(&format!("http://{addr}/")).expect("client");
        let request = m::TokenRequest { code: "c".to_owned(), expires_in: 1, scope: None, deny: None };
        client.exchange_token(request).send().await
    });
    match outcome {
        Err(kitchen_sink::client::Error::Decode { path, message, response, .. }) => {
            assert_eq!(path, "expires_in");
            assert!(!message.contains("soon"), "{message}");
            assert_eq!(response.body, body.as_bytes());
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// A page followed through `Link` (no `X-Next-Page`) is the same request as the first:
/// the body and its media type go again, only the URL is the link's.
#[test]
fn a_page_followed_through_link_carries_the_same_request() {
    use futures_util::TryStreamExt as _;
    // Each request as (path and query, content type, body).
    type Seen = Arc<Mutex<Vec<(String, String, Vec<u8>)>>>;
    let seen: Seen = Arc::default();
    let keep = seen.clone();
    let app = axum::Router::new().route(
        "/search",
        axum::routing::get(move |request: axum::extract::Request| {
            let keep = keep.clone();
            async move {
                let target = request.uri().to_string();
                let media = request.headers().get("content-type").map(|v| v.to_str().unwrap_or_default().to_owned());
                let body = axum::body::to_bytes(request.into_body(), 1 << 16).await.unwrap_or_default();
                let first = !target.contains("page=2");
                keep.lock().unwrap_or_else(PoisonError::into_inner).push((
                    target,
                    media.unwrap_or_default(),
                    body.to_vec(),
                ));
                let link = if first { "</search?page=2>; rel=\"next\"" } else { "</search?page=1>; rel=\"prev\"" };
                ([("content-type", "application/json"), ("link", link)], r#"[{"x":1,"y":2}]"#)
            }
        }),
    );
    for (media, body) in
        [("application/x-www-form-urlencoded", &b"x=3&y=-4"[..]), ("application/json", br#"{"x":3,"y":-4}"#)]
    {
        let items = HARNESS.runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
            let addr = listener.local_addr().expect("local address");
            let app = app.clone();
            tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
            let client = Client::new(&format!("http://{addr}/")).expect("client");
            client.search_points(m::Point { x: 3, y: -4 }).body_media(media).stream().try_collect::<Vec<_>>().await
        });
        assert_eq!(items.map_err(|e| e.to_string()), Ok(vec![m::Point { x: 1, y: 2 }; 2]), "{media}");
        let seen = std::mem::take(&mut *seen.lock().unwrap_or_else(PoisonError::into_inner));
        let expected = |target: &str| (target.to_owned(), media.to_owned(), body.to_vec());
        assert_eq!(seen, vec![expected("/search"), expected("/search?page=2")], "{media}");
    }
}

/// The crate's `Mock` answers its first success with the spec's example, and the declared
/// response a request prefers with Prism's `Prefer: code=…`, in values its client decodes;
/// an undeclared preference leaves the first success, and the mock reads requests as
/// strictly as any implementation. A `oneOf` answer fits exactly one variant.
#[test]
fn the_mock_answers_the_status_a_request_prefers() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let app = kitchen_sink::server::mock::router(kitchen_sink::server::Mock::new());
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        let client = |prefer: Option<&'static str>| {
            let mut headers = reqwest::header::HeaderMap::new();
            if let Some(prefer) = prefer {
                headers.insert("prefer", reqwest::header::HeaderValue::from_static(prefer));
            }
            let http = reqwest::Client::builder().default_headers(headers).build().expect("reqwest");
            Client::builder(&format!("http://{addr}/"))
                .http_client(http)
                .api_key_header_2("key")
                .build()
                .expect("client")
        };
        let thing = client(None).get_thing(42).await.expect("the first success").into_inner();
        let m::GetThingResponse::Ok(thing) = thing else { panic!("{thing:?}") };
        assert_eq!((thing.id, thing.name.as_str()), (7, "seven"), "the spec's example");
        let missing = client(Some("code=404")).get_thing(42).await.expect("the preferred 404").into_inner();
        assert!(matches!(missing, m::GetThingResponse::NotFound(_)), "{missing:?}");
        let undeclared = client(Some("code=418, example=x")).get_thing(42).await.expect("not declared").into_inner();
        assert!(matches!(undeclared, m::GetThingResponse::Ok(_)), "{undeclared:?}");
        let status = reqwest::Client::new()
            .get(format!("http://{addr}/things/forty-two"))
            .header("x-api-key", "key")
            .send()
            .await
            .expect("answered")
            .status();
        assert_eq!(status, 400);
        // A `oneOf` answer is valid under exactly one variant, as a JSON Schema validator
        // reads it (schemathesis found the spec's `Cat` example valid as a `Dog` too): not
        // the example, but a `Dog`, which no `Cat` schema takes.
        let pet: serde_json::Value = reqwest::Client::new()
            .post(format!("http://{addr}/pets"))
            .header("x-api-key", "key")
            .header("content-type", "application/json")
            .body(r#"{"name":"x"}"#)
            .send()
            .await
            .expect("answered")
            .bytes()
            .await
            .map(|b| serde_json::from_slice(&b).expect("JSON"))
            .expect("a body");
        assert_eq!(pet, serde_json::json!({"name": "string", "kind": "Dog"}));
    });
}

/// A tick whose label needs escaping in JSON (a quote, a line feed, a non-ASCII letter).
fn tick(n: i64) -> m::Tick {
    m::Tick { n, label: Some(format!("tick \"{n}\"\nü")) }
}

fn problem(title: &str) -> m::Problem {
    m::Problem { message: title.to_owned(), code: Some(404) }
}

/// The text events `streamLog` sends.
const LOG: &[&str] = &["one line", "two\nlines", "  spaced at both ends  ", "ends with a line feed\n", "a: colon"];

/// Every item of a stream, or the error text where one is.
async fn all<T>(items: Items<T>) -> Vec<Result<T, String>> {
    items.map(|i| i.map_err(|e| e.to_string())).collect().await
}

/// Typed events go from the implementation to the client with their names, ids and
/// retry, each `data` the JSON of a tick, and the `[DONE]` the spec names ends them.
#[test]
fn events_round_trip_with_names_ids_and_the_sentinel() {
    let (got, received) = exchange(async {
        let response = HARNESS.client.stream_ticks().count(3).await?;
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        let m::StreamTicksResponse::Ok(items) = response.into_inner() else { panic!("not the stream") };
        Ok::<_, kitchen_sink::client::Error>(all(items).await)
    });
    assert_eq!(received.len(), 1);
    let expected: Vec<Result<Event<m::Tick>, String>> = (1..=3)
        .map(|n| {
            let e = Event::new(tick(n)).event("tick").id(n.to_string());
            Ok(if n == 3 { e.retry(std::time::Duration::from_millis(1500)) } else { e })
        })
        .collect();
    assert_eq!(got.expect("streamed"), expected);
    // The sentinel is on the wire, after the last event, and not an item.
    let (body, _) = exchange(async {
        let url = format!("http://{}/streams/ticks?count=1", HARNESS.addr);
        raw_client().get(url).send().await?.text().await
    });
    let body = body.expect("read");
    assert!(body.ends_with("data: [DONE]\n\n"), "{body:?}");
}

/// Another declared status of a streaming operation is decoded whole, as ever.
#[test]
fn a_streaming_operation_answers_its_other_statuses_whole() {
    let (got, _) = exchange(async { HARNESS.client.stream_ticks().count(-1).await.map(|r| r.into_inner()) });
    assert!(matches!(got, Ok(m::StreamTicksResponse::NotFound(p)) if p.message == "no such ticks"));
}

/// Each event is written as it is produced: the first arrives though the stream then
/// stays open and silent.
#[test]
fn events_are_flushed_one_by_one() {
    let (got, _) = exchange(async {
        let response = HARNESS.client.stream_ticks().await?;
        let m::StreamTicksResponse::Ok(mut items) = response.into_inner() else { panic!("not the stream") };
        let first = tokio::time::timeout(std::time::Duration::from_secs(10), items.next()).await;
        Ok::<_, kitchen_sink::client::Error>(first.map(|i| i.map(|i| i.map(|e| e.data.n).map_err(|e| e.to_string()))))
    });
    assert_eq!(got.expect("sent").expect("the first event in time"), Some(Ok(1)));
}

/// Text data of several lines, spaces at the ends and a trailing line feed comes back as
/// it was: the server frames each line as a `data:` field and the client joins them.
#[test]
fn text_events_keep_their_lines() {
    let (got, _) = exchange(async {
        let m::StreamLogResponse::Ok(items) = HARNESS.client.stream_log().await?.into_inner();
        Ok::<_, kitchen_sink::client::Error>(all(items).await)
    });
    let data: Vec<String> = got.expect("streamed").into_iter().map(|e| e.expect("an event").data).collect();
    assert_eq!(data, LOG);
}

/// A thousand JSON Lines, cut apart however the chunks fell, are the thousand ticks sent.
#[test]
fn json_lines_round_trip() {
    let (got, _) = exchange(async {
        let response = HARNESS.client.stream_tick_lines().await?;
        assert_eq!(response.headers()["content-type"], "application/x-ndjson");
        let m::StreamTickLinesResponse::Ok(items) = response.into_inner();
        Ok::<_, kitchen_sink::client::Error>(all(items).await)
    });
    let expected: Vec<Result<m::Tick, String>> = (1..=1000).map(|n| Ok(tick(n))).collect();
    assert_eq!(got.expect("streamed"), expected);
}

/// A JSON text sequence under a ranged status: the items before the implementation's
/// error arrive, and then the body's early end is the stream's last item.
#[test]
fn a_json_sequence_that_fails_midway_ends_with_an_error() {
    let (got, _) = exchange(async {
        let response = HARNESS.client.stream_tick_sequence().await?;
        let m::StreamTickSequenceResponse::Success { status, body } = response.into_inner();
        Ok::<_, kitchen_sink::client::Error>((status, all(body).await))
    });
    let (status, items) = got.expect("streamed");
    assert_eq!(status, 206);
    assert_eq!(items[..3], [Ok(tick(1)), Ok(tick(2)), Ok(tick(3))]);
    assert_eq!(items.len(), 4, "{items:?}");
    assert!(items[3].as_ref().is_err_and(|e| e.starts_with("the stream failed")), "{items:?}");
}

/// One operation, two calls: the plain call answers the JSON completion; `streaming()` asks
/// for the chunks (by the body's `stream`), which the server writes as events and the
/// client reads as the `OkStream` variant, by the answer's `Content-Type`.
#[test]
fn a_chat_completion_is_json_or_a_stream_by_the_request() {
    let request = || m::ChatRequest {
        model: "gpt".to_owned(),
        messages: vec![m::ChatMessage { role: m::ChatMessageRole::User, content: "Hi".to_owned() }],
        stream: None,
    };
    let (plain, received) = exchange(async { HARNESS.client.create_chat_completion(request()).await });
    assert_eq!(received.len(), 1);
    match plain.expect("answered").into_inner() {
        m::CreateChatCompletionResponse::Ok { body, headers } => {
            assert_eq!(body.choices[0].message.content, "Hello! How are you?");
            assert_eq!(headers.openai_processing_ms, Some(12));
        }
        other => panic!("not the JSON: {other:?}"),
    }
    let (streamed, received) = exchange(async {
        let response = HARNESS.client.create_chat_completion(request()).streaming().await?;
        let m::CreateChatCompletionResponse::OkStream { body, headers } = response.into_inner() else {
            panic!("not the stream")
        };
        // The stream's headers arrive before its first item, in the JSON variant's struct.
        assert_eq!(headers.openai_processing_ms, Some(34));
        Ok::<_, kitchen_sink::client::Error>(all(body).await)
    });
    assert!(received[0].contains("stream: Some(true)"), "{received:?}");
    let text: String = streamed
        .expect("streamed")
        .into_iter()
        .map(|c| c.expect("a chunk").data.choices[0].delta.content.clone().unwrap_or_default())
        .collect();
    assert_eq!(text, "Hello! How are you?");
}

/// A thousand ticks the client streams as JSON Lines are the thousand ticks the server's
/// implementation reads, in order, and it answers their count.
#[test]
fn a_json_lines_request_streams_to_the_implementation() {
    let (got, received) = exchange(async {
        let ticks = futures_util::stream::iter((1..=1000).map(tick));
        HARNESS.client.ingest_ticks(ticks).await.map(|r| r.into_inner())
    });
    let m::IngestTicksResponse::Ok(count) = got.expect("answered");
    assert_eq!(count, m::IngestCount { read: 1000, malformed: 0 });
    let expected: Vec<Result<m::Tick, String>> = (1..=1000).map(|n| Ok(tick(n))).collect();
    assert_eq!(received, vec![format!("{expected:?}")]);
}

/// How many items `ingestTicks`' implementation has read, ever.
static INGESTED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The server reads a request's items as they arrive, and the client sends them as they
/// are made: the client makes its second item only once the implementation has read the
/// first (a side that buffered the whole body would wait for it forever; the item is
/// then `-1`).
#[test]
fn a_streaming_request_is_read_before_it_ends() {
    let (got, received) = exchange(async {
        let before = INGESTED.load(std::sync::atomic::Ordering::SeqCst);
        let first = futures_util::stream::once(async { tick(1) });
        let later = futures_util::stream::once(async move {
            let read = async {
                while INGESTED.load(std::sync::atomic::Ordering::SeqCst) == before {
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                }
            };
            let in_time = tokio::time::timeout(std::time::Duration::from_secs(10), read).await.is_ok();
            tick(if in_time { 2 } else { -1 })
        });
        HARNESS.client.ingest_ticks(first.chain(later)).await.map(|r| r.into_inner())
    });
    let m::IngestTicksResponse::Ok(count) = got.expect("answered");
    assert_eq!(count.read, 2);
    let expected: Vec<Result<m::Tick, String>> = vec![Ok(tick(1)), Ok(tick(2))];
    assert_eq!(received, vec![format!("{expected:?}")]);
}

/// Lines sent as raw bytes: one that does not decode and one cut short are error items
/// naming their positions, and the lines around them are read.
#[test]
fn a_malformed_request_line_is_an_error_item_at_its_position() {
    let body = "{\"n\":1}\n{\"n\":\"x\"}\r\n\n{\"n\":3,\"label\":\"\u{fc}\"}\n{\"n\":";
    let (got, received) = exchange(async {
        let url = format!("http://{}/streams/ingest", HARNESS.addr);
        let answer = raw_client()
            .post(url)
            .header("x-api-key", "key")
            .header("content-type", "application/x-ndjson")
            .body(body)
            .send()
            .await?;
        Ok::<_, reqwest::Error>((answer.status().as_u16(), answer.text().await?))
    });
    let (status, count) = got.expect("answered");
    let count: Value = serde_json::from_str(&count).expect("JSON");
    assert_eq!((status, count), (200, serde_json::json!({"read": 2, "malformed": 2})));
    let expected: Vec<Result<m::Tick, String>> = vec![
        Ok(m::Tick { n: 1, label: None }),
        Err("item 2 does not decode at `n`: invalid type: string \"…\", expected i64 at line 1 column 8".to_owned()),
        Ok(m::Tick { n: 3, label: Some("ü".to_owned()) }),
        Err("the body ended in the middle of item 4".to_owned()),
    ];
    assert_eq!(received, vec![format!("{expected:?}")]);
}

/// One endless line in a streaming request is not buffered past the body limit (each
/// item's, 2 MiB by default): the implementation gets an error item naming its position
/// and the stream ends, and the request is answered 413 whatever it returned.
#[test]
fn an_endless_request_line_is_answered_413() {
    let limit = 2 * 1024 * 1024;
    let body = format!("{{\"n\":1}}\n{{\"n\":2,\"label\":\"{}", "x".repeat(limit + 10));
    let (got, received) = exchange(async {
        let url = format!("http://{}/streams/ingest", HARNESS.addr);
        let answer = raw_client()
            .post(url)
            .header("x-api-key", "key")
            .header("content-type", "application/x-ndjson")
            .body(body)
            .send()
            .await?;
        Ok::<_, reqwest::Error>((answer.status().as_u16(), answer.text().await?))
    });
    let (status, text) = got.expect("answered");
    let short = |t: &str| t.chars().take(200).collect::<String>();
    assert_eq!(status, 413, "{}", short(&text));
    assert!(text.contains(&format!("has an item larger than {limit} bytes")), "{}", short(&text));
    let expected: Vec<Result<m::Tick, String>> =
        vec![Ok(m::Tick { n: 1, label: None }), Err(format!("item 2 is larger than {limit} bytes"))];
    let received: Vec<String> = received.iter().map(|r| short(r)).collect();
    assert_eq!(received, vec![format!("{expected:?}")]);
}

/// A streaming request of another media type is refused with 415 before the
/// implementation runs.
#[test]
fn a_streaming_request_of_another_media_type_is_refused() {
    let (got, received) = exchange(async {
        let url = format!("http://{}/streams/ingest", HARNESS.addr);
        let answer = raw_client()
            .post(url)
            .header("x-api-key", "key")
            .header("content-type", "application/json")
            .body("[{\"n\":1}]")
            .send()
            .await?;
        Ok::<_, reqwest::Error>(answer.status().as_u16())
    });
    assert_eq!(got.expect("answered"), 415);
    assert!(received.is_empty(), "{received:?}");
}

/// `ingestTicks`' body is `required`: a request that sends none (no `Content-Type`, no byte)
/// is refused with 400 before the implementation runs, as schemathesis's "Missing request
/// body" expects; an empty body that says it is JSON Lines is an empty stream, read.
#[test]
fn a_required_stream_sent_without_a_body_is_refused() {
    let post = |content_type: Option<&'static str>| {
        let (got, received) = exchange(async move {
            let url = format!("http://{}/streams/ingest", HARNESS.addr);
            let mut request = raw_client().post(url).header("x-api-key", "key");
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            let answer = request.send().await?;
            Ok::<_, reqwest::Error>((answer.status().as_u16(), answer.text().await?))
        });
        (got.expect("answered"), received)
    };
    let ((status, text), received) = post(None);
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("\"in\":\"body\""), "{text}");
    assert!(received.is_empty(), "{received:?}");
    let ((status, text), received) = post(Some("application/x-ndjson"));
    assert_eq!(status, 200, "{text}");
    assert_eq!(received, vec![format!("{:?}", Vec::<Result<m::Tick, String>>::new())]);
}

/// A tagged union reads a value whose tag names no variant by the one variant that reads
/// it: OpenAPI (3.0.4 and 3.1.1) says the discriminator "MUST NOT change the validation
/// outcome of the schema", and Prism answers `Shape` as `{"kind": "string", "radius": 0}`,
/// a valid `Circle`. A tag naming a variant still picks it; none or two variants reading
/// the value is an error.
#[test]
fn a_tag_that_names_no_variant_is_read_by_the_variant_that_fits() {
    let read = |text: &str| serde_json::from_str::<m::Shape>(text).map_err(|e| e.to_string());
    let circle = m::Circle { kind: "string".into(), radius: 0.0 };
    assert_eq!(read(r#"{"kind":"string","radius":0}"#), Ok(m::Shape::Circle(circle)));
    let square = m::Square { kind: "Square".into(), side: 2.0 };
    assert_eq!(read(r#"{"kind":"Square","side":2}"#), Ok(m::Shape::Square(square)));
    // The tag names Square, which a radius does not make.
    assert!(read(r#"{"kind":"Square","radius":1}"#).is_err());
    // Both variants read it: `oneOf` allows only one.
    let both = read(r#"{"kind":"string","radius":1,"side":2}"#).expect_err("two variants");
    assert!(both.contains("unknown variant `string`"), "{both}");
    // No tag, and each variant requires it.
    let untagged = read(r#"{"radius":1}"#).expect_err("no tag");
    assert!(untagged.contains("missing field `kind`"), "{untagged}");
}

/// `not: {enum: […]}` beside a string or number type refuses the values it lists, in a
/// query parameter and in a body, on the server and the client; `not: {type: integer}`
/// beside `type: string` is the type's to hold.
#[test]
fn not_excludes_the_values_it_lists() {
    use reqwest::Method;
    let (status, text, received) =
        answer(Method::POST, "/labels?label=a", "application/json", r#"{"count":2,"tag":"7"}"#.into());
    assert_eq!((status, received.len()), (204, 1), "{text}");
    let refused = [
        ("/labels?label=none", r#"{}"#, "label"),
        ("/labels?label=", r#"{}"#, "label"),
        ("/labels", r#"{"count":0}"#, "count"),
    ];
    for (target, body, at) in refused {
        let (status, text, received) = answer(Method::POST, target, "application/json", body.into());
        assert_eq!((status, received), (400, Vec::<String>::new()), "{target} {body}: {text}");
        assert!(text.contains(at) && text.contains("`not`"), "{target} {body}: {text}");
    }
    let (status, text, _) = answer(Method::POST, "/labels", "application/json", r#"{"tag":7}"#.into());
    assert_eq!(status, 400, "{text}");
    let label = m::Label { count: Some(0), tag: None };
    let (sent, received) = exchange(HARNESS.client.create_label(label).into_future());
    assert!(sent.expect_err("excluded").contains("not"));
    assert!(received.is_empty());
}

/// A `oneOf` whose first variant declares, optional, what only the second requires
/// (DigitalOcean's droplet requests: `name` or `names`): a value with both is valid under
/// both and refused, each alone reads as its own variant, and the generated round trip's
/// sample (`tests/kitchen-sink/generated/tests/round_trip.rs`) leaves `names` out of the
/// single launch, which the server would refuse otherwise.
#[test]
fn a_one_of_variant_that_declares_another_s_required_property_is_held_to_one() {
    use reqwest::Method;
    let taken = [
        (r#"{"name":"a","size":"s"}"#, "SingleLaunch"),
        (r#"{"names":["a","b"],"size":"s"}"#, "MultipleLaunch"),
        // Valid under the second alone: `name` of the wrong type, undeclared there.
        (r#"{"name":7,"names":["a"],"size":"s"}"#, "MultipleLaunch"),
    ];
    for (body, read) in taken {
        let (status, text, received) = answer(Method::POST, "/launches", "application/json", body.into());
        assert_eq!((status, received.len()), (204, 1), "{body}: {text}");
        assert!(received[0].contains(read), "{body}: {received:?}");
    }
    let body = r#"{"name":"a","names":["a"],"size":"s"}"#;
    let (status, text, received) = answer(Method::POST, "/launches", "application/json", body.into());
    assert_eq!((status, received), (400, Vec::<String>::new()), "{text}");
    assert!(text.contains("more than one of the schemas of `oneOf`"), "{text}");
    let round_trip = include_str!("../kitchen-sink/generated/tests/round_trip.rs");
    let sample =
        round_trip.split("\"postLaunch\",").nth(1).and_then(|s| s.split("post_launch_with").next()).unwrap_or_default();
    assert!(sample.contains(r#"\"name\""#) && !sample.contains(r#"\"names\""#), "{sample}");
}

/// A required body whose schema is `nullable` (OpenAPI 3.0.3: "a `true` value adds
/// `"null"` to the allowed types"): `null` is a body the schema allows, which the server
/// hands over as `None` (schemathesis's positive_data_acceptance on DigitalOcean's
/// maintenance window), and the client sends `None` as `null`. No body at all is still
/// refused as missing, and an object as ever.
#[test]
fn a_null_body_that_the_schema_allows_is_a_body() {
    use reqwest::Method;
    let (status, text, received) = answer(Method::PUT, "/maintenance", "application/json", "null".into());
    assert_eq!((status, received.len()), (204, 1), "{text}");
    assert!(received[0].contains("body: None"), "{received:?}");
    let (status, text, received) = answer(Method::PUT, "/maintenance", "application/json", r#"{"day":"mon"}"#.into());
    assert_eq!((status, received.len()), (204, 1), "{text}");
    assert!(received[0].contains(r#"day: "mon""#), "{received:?}");
    for refused in ["", "[]", r#"{"hour":"1"}"#] {
        let (status, text, received) = answer(Method::PUT, "/maintenance", "application/json", refused.into());
        assert_eq!((status, received), (400, Vec::<String>::new()), "{refused:?}: {text}");
    }
    let (sent, received) = exchange(HARNESS.client.put_maintenance(None).into_future());
    assert!(sent.is_ok(), "{sent:?}");
    assert_eq!(received, vec![format!("{:?}", m::PutMaintenanceRequest { body: None })]);
}

/// A struct comes from a JSON object only, at any depth, wherever a request carries JSON
/// or nested keys (issue 19): serde's derive also reads a struct from an array of its
/// fields in order, so `{"owner": ["x", 3]}` read as an owner. Each is refused at its
/// path: a JSON body's nested object (in the error schema `createThing` declares, its
/// `400` Problem), a JSON query parameter's object and the object inside it, a member of a
/// deepObject query or a form body given twice (which serde read as the fields in order),
/// JSON parts, and an item of a request that streams (an error item, as a malformed one
/// is, read as strictly as a body). A client still reads the array, as serde derives.
#[test]
fn an_object_is_a_json_object_at_any_depth_in_every_part_of_a_request() {
    use reqwest::Method;
    let json = "application/json";
    let (status, text, received) = answer(Method::POST, "/things", json, r#"{"name":"n","owner":["x",3]}"#.into());
    assert_eq!((status, received), (400, Vec::<String>::new()), "{text}");
    let problem: Value = serde_json::from_str(&text).expect("the declared Problem");
    assert_eq!(problem["code"], 400, "{problem}");
    let message = problem["message"].as_str().expect("a message");
    assert!(
        message.contains("request body at `owner` is invalid: invalid type: sequence, expected struct NewThingOwner"),
        "{message}"
    );
    // The object itself reads, and reaches the implementation (which is not under test).
    let (status, text, _) =
        answer(Method::POST, "/things", json, r#"{"name":"n","owner":{"name":"x","team":3}}"#.into());
    assert_eq!(status, 500, "past the reader: {text}");

    let refused = [
        ("/queries?piped=a&where=%5B%22x%22%5D", "where", "expected struct Filter"),
        (
            "/queries?piped=a&where=%7B%22range%22%3A%5B1%2C2%5D%7D",
            "where",
            "at `range`: invalid type: sequence, expected struct FilterRange",
        ),
        ("/queries?piped=a&filter[range]=1&filter[range]=2", "filter", "at `range` is given more than once"),
        ("/charges?items[0]=p&items[0]=2&api_key=k", "items", "at `[0]` is given more than once"),
    ];
    for (target, parameter, why) in refused {
        let (status, text, received) = answer(Method::GET, target, "text/plain", String::new());
        assert_eq!((status, received), (400, Vec::<String>::new()), "{target}: {text}");
        let body: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!((&body["parameter"], &body["in"]), (&Value::from(parameter), &Value::from("query")), "{body}");
        assert!(text.contains(why), "{target}: {text}");
    }
    let form = "customer=c&items[0]=p&items[0]=2";
    let (status, text, _) = answer(Method::POST, "/checkout", "application/x-www-form-urlencoded", form.into());
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("request body at `items[0]` is invalid: is given more than once"), "{text}");

    let parts = |name: &str, value: &str| {
        format!(
            "--b\r\ncontent-disposition: form-data; name=\"title\"\r\n\r\nt\r\n\
             --b\r\ncontent-disposition: form-data; name=\"file\"\r\n\r\nf\r\n\
             --b\r\ncontent-disposition: form-data; name=\"{name}\"\r\ncontent-type: application/json\r\n\r\n{value}\r\n--b--\r\n"
        )
    };
    for (name, value) in [("point", "[1,2]"), ("points", "[[1,2]]")] {
        let (status, text, received) = answer(Method::POST, "/uploads", PARTS, parts(name, value));
        assert_eq!((status, received), (400, Vec::<String>::new()), "{name}: {text}");
        assert!(text.contains(&format!("request body at `{name}` is invalid")), "{text}");
        assert!(text.contains("expected struct Point"), "{text}");
    }

    let (got, received) = exchange(async {
        let url = format!("http://{}/streams/ingest", HARNESS.addr);
        let lines = "[1,\"a\"]\n{\"n\":2,\"label\":null}\n{\"n\":3}\n";
        let answer = raw_client().post(url).header("content-type", "application/x-ndjson").body(lines).send().await?;
        Ok::<_, reqwest::Error>((answer.status().as_u16(), answer.text().await?))
    });
    let (status, count) = got.expect("answered");
    assert_eq!((status, count.as_str()), (200, r#"{"read":1,"malformed":2}"#));
    let expected: Vec<Result<m::Tick, String>> = vec![
        Err("item 1 does not decode at `.`: invalid type: sequence, expected struct Tick at line 1 column 0".to_owned()),
        Err("item 2 does not decode at `label`: null is not a value of this property (its schema is not nullable) at line 1 column 20".to_owned()),
        Ok(m::Tick { n: 3, label: None }),
    ];
    assert_eq!(received, vec![format!("{expected:?}")]);

    // A client reads leniently (an answer is the server's to get right).
    let owner: m::NewThingOwner = serde_json::from_str(r#"["x", 3]"#).expect("a client reads it");
    assert_eq!((owner.name.as_deref(), owner.team), (Some("x"), Some(3)));
}
