//! A small W3C WebDriver client over reqwest, driving Debian's headless chromium through
//! chromedriver. `mod webdriver;` in a test file; start a [`Driver`], open a [`Session`].
//!
//! The browser tests never skip: without `/usr/bin/chromium` and `/usr/bin/chromedriver` they
//! fail and say which Debian packages to install.
#![allow(dead_code)]

use base64::Engine;
use reqwest::Method;
use serde_json::{json, Value};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The W3C key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// chromedriver as a child process in its own process group. Dropping it (also when a test
/// panics) kills the whole group — chromedriver and every chromium it started, which would
/// otherwise outlive a killed chromedriver — and removes the browser profiles.
pub struct Driver {
    child: Child,
    pub url: String,
    profiles: Mutex<Vec<PathBuf>>,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // `kill -9 -PGID`: the shell's builtin kill signals a process group (dash and bash alike).
        let group = Command::new("sh")
            .args(["-c", &format!("kill -9 -{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if !group.is_ok_and(|s| s.success()) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
        for dir in self.profiles.lock().map(|p| p.clone()).unwrap_or_default() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Fail (never skip) when a browser binary is missing.
pub fn require_browser() {
    for (binary, package) in [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")] {
        assert!(
            Path::new(binary).exists(),
            "{binary} is missing: install Debian's {package} — `apt-get install -y chromium chromium-driver` \
             (./scripts/test.sh installs them when run as root). The browser tests never skip."
        );
    }
}

impl Driver {
    /// Start chromedriver on a free port and wait until it is ready.
    pub async fn start() -> Driver {
        require_browser();
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}"));
        let driver = Driver { child, url: format!("http://127.0.0.1:{port}"), profiles: Mutex::default() };
        let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().expect("client");
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(r) = client.get(format!("{}/status", driver.url)).send().await {
                let ready = r.json::<Value>().await.ok().and_then(|v| v["value"]["ready"].as_bool());
                if ready == Some(true) {
                    return driver;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not become ready on port {port} within 20 s");
    }

    /// A new headless chromium session with a fresh profile and the given window size.
    pub async fn session(&self, width: u32, height: u32) -> Session {
        self.open(width, height, false).await
    }

    /// A phone: chromium's mobile emulation (390×844 CSS pixels, touch, device pixel ratio 3),
    /// since a desktop window cannot be made narrower than about 500 pixels.
    pub async fn phone(&self) -> Session {
        self.open(390, 844, true).await
    }

    async fn open(&self, width: u32, height: u32, mobile: bool) -> Session {
        let profile =
            std::env::temp_dir().join(format!("kc-chromium-{}-{:08x}", std::process::id(), rand::random::<u32>()));
        self.profiles.lock().expect("profiles").push(profile.clone());
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            // Finding an element waits up to 5 s for it to appear (e.g. after a navigation).
            "timeouts": {"implicit": 5000, "pageLoad": 30000, "script": 10000},
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", format!("--window-size={width},{height}"),
                         format!("--user-data-dir={}", profile.display())]
            }
        }}});
        let mut caps = caps;
        if mobile {
            caps["capabilities"]["alwaysMatch"]["goog:chromeOptions"]["mobileEmulation"] = json!({
                "deviceMetrics": {"width": width, "height": height, "pixelRatio": 3.0, "mobile": true, "touch": true}
            });
        }
        let client = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().expect("client");
        let r = client.post(format!("{}/session", self.url)).json(&caps).send().await.expect("new session request");
        let v: Value = r.json().await.expect("new session json");
        let id = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("chromedriver could not start chromium: {}", v["value"]))
            .to_string();
        Session { client, base: format!("{}/session/{id}", self.url) }
    }
}

/// One browser window.
pub struct Session {
    client: reqwest::Client,
    base: String,
}

impl Session {
    /// A WebDriver command; panics with the driver's error (e.g. "no such element").
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.client.request(method.clone(), format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.unwrap_or_else(|e| panic!("webdriver {method} {path}: {e}"));
        let status = r.status();
        let v: Value = r.json().await.unwrap_or_else(|e| panic!("webdriver {method} {path}: {status}, not JSON: {e}"));
        if v["value"].get("error").is_some() {
            panic!("webdriver {method} {path}: {}", v["value"]);
        }
        v["value"].clone()
    }

    pub async fn goto(&self, url: &str) {
        self.call(Method::POST, "/url", Some(json!({"url": url}))).await;
    }

    /// The first element matching a CSS selector (waits up to the implicit timeout).
    pub async fn find(&self, css: &str) -> String {
        let v = self.call(Method::POST, "/element", Some(json!({"using": "css selector", "value": css}))).await;
        v[ELEMENT].as_str().unwrap_or_else(|| panic!("no element reference for {css}: {v}")).to_string()
    }

    /// How many elements match a CSS selector (does not wait for them).
    pub async fn count(&self, css: &str) -> usize {
        let v = self.call(Method::POST, "/elements", Some(json!({"using": "css selector", "value": css}))).await;
        v.as_array().map_or(0, Vec::len)
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.call(Method::POST, &format!("/element/{e}/value"), Some(json!({"text": text}))).await;
    }

    pub async fn clear(&self, css: &str) {
        let e = self.find(css).await;
        self.call(Method::POST, &format!("/element/{e}/clear"), Some(json!({}))).await;
    }

    pub async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.call(Method::POST, &format!("/element/{e}/click"), Some(json!({}))).await;
    }

    /// Choose an option of a `<select>` by clicking it.
    pub async fn select(&self, select_css: &str, value: &str) {
        self.click(&format!("{select_css} option[value=\"{value}\"]")).await;
    }

    /// Wait (up to 30 s) until the current URL and page source satisfy `ok`, and return the
    /// source: a click that submits a form returns before the next page has loaded.
    pub async fn wait_for(&self, what: &str, ok: impl Fn(&str, &str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (url, source) = (self.url().await, self.source().await);
            if ok(&url, &source) {
                return source;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; at {url}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn url(&self) -> String {
        self.call(Method::GET, "/url", None).await.as_str().unwrap_or_default().to_string()
    }

    pub async fn title(&self) -> String {
        self.call(Method::GET, "/title", None).await.as_str().unwrap_or_default().to_string()
    }

    pub async fn source(&self) -> String {
        self.call(Method::GET, "/source", None).await.as_str().unwrap_or_default().to_string()
    }

    /// The rendered (visible) text of an element.
    pub async fn text(&self, css: &str) -> String {
        let e = self.find(css).await;
        self.call(Method::GET, &format!("/element/{e}/text"), None).await.as_str().unwrap_or_default().to_string()
    }

    /// An attribute of an element (`None` when absent).
    pub async fn attribute(&self, css: &str, name: &str) -> Option<String> {
        let e = self.find(css).await;
        self.call(Method::GET, &format!("/element/{e}/attribute/{name}"), None).await.as_str().map(str::to_string)
    }

    /// Run JavaScript in the page and return its result.
    pub async fn execute(&self, script: &str, args: Value) -> Value {
        self.call(Method::POST, "/execute/sync", Some(json!({"script": script, "args": args}))).await
    }

    /// Save a screenshot of the window as a PNG (creating the directory); returns its size.
    pub async fn screenshot(&self, path: &Path) -> usize {
        let v = self.call(Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD.decode(v.as_str().expect("base64")).expect("decode");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "the screenshot is a PNG");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("artifact dir");
        }
        std::fs::write(path, &png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        png.len()
    }

    /// End the session (chromium quits); the driver's drop cleans up if this is never reached.
    pub async fn close(self) {
        let _ = self.client.delete(&self.base).send().await;
    }
}
