//! Streams of many small Server-Sent Events, generated code against hand-written code,
//! over loopback:
//!
//! 1. server: the generated router (the kitchen sink's `streamTicks`, SSE of JSON data
//!    with names and ids, `[DONE]` last) against a hand-written axum `Sse` route writing
//!    the same bytes, each read by a client that only counts them;
//! 2. client: the generated client's `Items` against hand-written reqwest +
//!    eventsource-stream + serde_json, both reading the hand-written server.
//!
//! Each side runs in a process of its own, so that its peak resident memory (`VmHWM`)
//! is its own: `cargo bench -p tests --bench streams -- [--events N]` runs the four as
//! children, `-- --side generated-server|hand-server|generated-client|hand-client` one.
//! It prints figures; it asserts only that every event arrived.

use std::time::{Duration, Instant};

use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::StreamExt as _;
use kitchen_sink::models as m;
use kitchen_sink::server::{Api, Credentials};
use kitchen_sink::stream::{Event, Items};

/// The one event the benchmark streams, numbered.
fn tick(n: i64) -> m::Tick {
    m::Tick { n, label: Some("tick".to_owned()) }
}

/// The generated server's implementation: `streamTicks` streams `count` ticks, made as
/// they are read; nothing else is called.
#[derive(Clone)]
struct Bench;

macro_rules! not_benchmarked {
    ($($name:ident: $request:ident => $response:ident,)*) => {
        $(
            async fn $name(&self, _: m::$request, _: Credentials) -> Result<m::$response, String> {
                Err("not benchmarked".to_owned())
            }
        )*
    };
}

impl Api for Bench {
    type Error = String;

    async fn stream_ticks(
        &self,
        request: m::StreamTicksRequest,
        _: Credentials,
    ) -> Result<m::StreamTicksResponse, String> {
        let count = i64::from(request.count.unwrap_or(0));
        let events =
            futures_util::stream::iter(1..=count).map(|n| Ok(Event::new(tick(n)).event("tick").id(n.to_string())));
        Ok(m::StreamTicksResponse::Ok(Items::new(events)))
    }

    not_benchmarked! {
        list_things: ListThingsRequest => ListThingsResponse,
        get_region_site: GetRegionSiteRequest => GetRegionSiteResponse,
        message_of_the_day: MessageOfTheDayRequest => MessageOfTheDayResponse,
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
        post_pets: PostPetsRequest => PostPetsResponse,
        create_pet: CreatePetOperationRequest => CreatePetOperationResponse,
        get_vehicle: GetVehicleRequest => GetVehicleResponse,
        get_record: GetRecordRequest => GetRecordResponse,
        list_accounts: ListAccountsRequest => ListAccountsResponse,
        create_account: CreateAccountRequest => CreateAccountResponse,
        get_host: GetHostRequest => GetHostResponse,
        post_note: PostNoteRequest => PostNoteResponse,
        post_rule: PostRuleRequest => PostRuleResponse,
        post_booking: PostBookingRequest => PostBookingResponse,
        post_launch: PostLaunchRequest => PostLaunchResponse,
        put_maintenance: PutMaintenanceRequest => PutMaintenanceResponse,
        with_oauth2: WithOauth2Request => WithOauth2Response,
        with_open_id_connect: WithOpenIdConnectRequest => WithOpenIdConnectResponse,
        with_basic: WithBasicRequest => WithBasicResponse,
        list_charges: ListChargesRequest => ListChargesResponse,
        add_attachment: AddAttachmentRequest => AddAttachmentResponse,
        verify_token: VerifyTokenRequest => VerifyTokenResponse,
        export_archive: ExportArchiveRequest => ExportArchiveResponse,
        get_archive: GetArchiveRequest => GetArchiveResponse,
        delete_archive: DeleteArchiveRequest => DeleteArchiveResponse,
        look_up: LookUpRequest => LookUpResponse,
        filter_by_tags: FilterByTagsRequest => FilterByTagsResponse,
        with_cookie_key: WithCookieKeyRequest => WithCookieKeyResponse,
        path_styles: PathStylesRequest => PathStylesResponse,
        query_styles: QueryStylesRequest => QueryStylesResponse,
        header_and_cookie_styles: HeaderAndCookieStylesRequest => HeaderAndCookieStylesResponse,
        checkout: CheckoutRequest => CheckoutResponse,
        put_image: PutImageRequest => PutImageResponse,
        render_report: RenderReportRequest => RenderReportResponse,
        upload: UploadRequest => UploadResponse,
        post_document: PostDocumentRequest => PostDocumentResponse,
        delimited_objects: DelimitedObjectsRequest => DelimitedObjectsResponse,
        search_points: SearchPointsRequest => SearchPointsResponse,
        attach: AttachRequest => AttachResponse,
        export_point: ExportPointRequest => ExportPointResponse,
        open_vault: OpenVaultRequest => OpenVaultResponse,
        patch_profile: PatchProfileRequest => PatchProfileResponse,
        post_profile_card: PostProfileCardRequest => PostProfileCardResponse,
        corpus_search: CorpusSearchRequest => CorpusSearchResponse,
        corpus_settings: CorpusSettingsRequest => CorpusSettingsResponse,
        corpus_action: CorpusActionRequest => CorpusActionResponse,
        corpus_charset: CorpusCharsetRequest => CorpusCharsetResponse,
        post_secrets: PostSecretsRequest => PostSecretsResponse,
        post_scan: PostScanRequest => PostScanResponse,
        post_stamped_scan: PostStampedScanRequest => PostStampedScanResponse,
        post_tally: PostTallyRequest => PostTallyResponse,
        post_plot: PostPlotRequest => PostPlotResponse,
        post_stamps: PostStampsRequest => PostStampsResponse,
        exchange_token: ExchangeTokenRequest => ExchangeTokenResponse,
        stream_log: StreamLogRequest => StreamLogResponse,
        stream_tick_lines: StreamTickLinesRequest => StreamTickLinesResponse,
        stream_tick_sequence: StreamTickSequenceRequest => StreamTickSequenceResponse,
        ingest_ticks: IngestTicksRequest => IngestTicksResponse,
        create_chat_completion: CreateChatCompletionRequest => CreateChatCompletionResponse,
        create_subscription: CreateSubscriptionRequest => CreateSubscriptionResponse,
        create_signup: CreateSignupRequest => CreateSignupResponse,
        create_signup_form: CreateSignupFormRequest => CreateSignupFormResponse,
        update_signage: UpdateSignageRequest => UpdateSignageResponse,
        update_recording_status: UpdateRecordingStatusRequest => UpdateRecordingStatusResponse,
        add_addons: AddAddonsRequest => AddAddonsResponse,
        set_hours: SetHoursRequest => SetHoursResponse,
        create_label: CreateLabelRequest => CreateLabelResponse,
    }
}

/// The hand-written server: the same events through axum's `Sse`, `[DONE]` last.
fn hand_server() -> axum::Router {
    let route = |axum::extract::RawQuery(query): axum::extract::RawQuery| async move {
        let count: i64 =
            query.as_deref().and_then(|q| q.strip_prefix("count=")).and_then(|c| c.parse().ok()).unwrap_or(0);
        let events = futures_util::stream::iter(1..=count).map(|n| {
            let data = serde_json::to_string(&tick(n)).unwrap_or_default();
            Ok::<_, std::convert::Infallible>(SseEvent::default().data(data).event("tick").id(n.to_string()))
        });
        let done = futures_util::stream::iter([Ok(SseEvent::default().data("[DONE]"))]);
        Sse::new(events.chain(done)).keep_alive(KeepAlive::default())
    };
    axum::Router::new().route("/streams/ticks", axum::routing::get(route))
}

async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    format!("http://{addr}")
}

/// Reads a stream's bytes and counts its events (blank lines), decoding nothing.
async fn count_bytes(base: &str, events: i64) -> i64 {
    let url = format!("{base}/streams/ticks?count={events}");
    let mut response = reqwest::Client::new().get(url).header("x-api-key", "key").send().await.expect("sent");
    let (mut seen, mut last) = (0, 0u8);
    while let Some(chunk) = response.chunk().await.expect("read") {
        for &b in chunk.iter() {
            if b == b'\n' && last == b'\n' {
                seen += 1;
            }
            last = b;
        }
    }
    seen - 1 // `[DONE]`
}

/// The generated client: every item of `Items`, decoded.
async fn generated_client(base: &str, events: i64) -> i64 {
    let client =
        kitchen_sink::client::Client::builder(&format!("{base}/")).api_key_header_2("key").build().expect("client");
    let count = i32::try_from(events).expect("a count");
    let response = client.stream_ticks().count(count).await.expect("sent");
    let m::StreamTicksResponse::Ok(mut items) = response.into_inner() else { panic!("not the stream") };
    let mut seen = 0;
    while let Some(item) = items.next().await {
        let event = item.expect("an event");
        assert_eq!(event.data.n, seen + 1);
        seen += 1;
    }
    seen
}

/// The hand-written client: reqwest's chunks through eventsource-stream, each `data`
/// decoded with serde_json, ending at `[DONE]`.
async fn hand_client(base: &str, events: i64) -> i64 {
    let url = format!("{base}/streams/ticks?count={events}");
    let response = reqwest::Client::new().get(url).header("x-api-key", "key").send().await.expect("sent");
    let chunks = futures_util::stream::unfold(response, |mut r| async move {
        match r.chunk().await {
            Ok(Some(c)) => Some((Ok::<_, reqwest::Error>(c), r)),
            Ok(None) => None,
            Err(e) => Some((Err(e), r)),
        }
    });
    let mut events = std::pin::pin!(eventsource_stream::EventStream::new(chunks));
    let mut seen = 0;
    while let Some(event) = events.next().await {
        let event = event.expect("an event");
        if event.data == "[DONE]" {
            break;
        }
        let tick: m::Tick = serde_json::from_str(&event.data).expect("a tick");
        assert_eq!(tick.n, seen + 1);
        seen += 1;
    }
    seen
}

/// This process's peak resident memory, in KiB (`VmHWM`).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or_default();
    line.split_whitespace().nth(1).and_then(|k| k.parse().ok()).unwrap_or(0)
}

/// This process's CPU time (user + system).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    let ticks: u64 = fields.get(11..13).map_or(0, |f| f.iter().filter_map(|t| t.parse::<u64>().ok()).sum());
    Duration::from_millis(ticks * 10)
}

fn run_side(side: &str, events: i64) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (elapsed, cpu, seen) = runtime.block_on(async {
        let base = match side {
            "generated-server" => serve(kitchen_sink::server::router(Bench)).await,
            _ => serve(hand_server()).await,
        };
        let (start, cpu) = (Instant::now(), cpu_time());
        let seen = match side {
            "generated-server" | "hand-server" => count_bytes(&base, events).await,
            "generated-client" => generated_client(&base, events).await,
            "hand-client" => hand_client(&base, events).await,
            other => panic!("unknown side {other}"),
        };
        (start.elapsed(), cpu_time().saturating_sub(cpu), seen)
    });
    assert_eq!(seen, events, "{side}: every event arrives");
    let rate = events as f64 / elapsed.as_secs_f64();
    println!("{side} {events} {:.0} {} {} {}", rate, elapsed.as_millis(), cpu.as_millis(), peak_kib());
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let events: i64 = value("--events").and_then(|e| e.parse().ok()).unwrap_or(1_000_000);
    if let Some(side) = value("--side") {
        run_side(&side, events);
        return;
    }
    println!("side events events/s wall-ms cpu-ms peak-KiB");
    let exe = std::env::current_exe().expect("this benchmark");
    for side in ["hand-server", "generated-server", "hand-client", "generated-client"] {
        let out = std::process::Command::new(&exe)
            .args(["--side", side, "--events", &events.to_string()])
            .output()
            .expect("a child run");
        assert!(out.status.success(), "{side}: {}", String::from_utf8_lossy(&out.stderr));
        print!("{}", String::from_utf8_lossy(&out.stdout));
    }
}
