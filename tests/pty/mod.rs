//! gapwalk in a pseudo-terminal, for the end-to-end tests: start it, type,
//! read the screen, resize, hang up, wait for it to exit.

// Each test crate uses part of it.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

pub struct Session {
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Option<Box<dyn Write + Send>>,
    pub screen: Arc<Mutex<vt100::Parser>>,
    // Keep the pty open for the session's life.
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
}

/// How to start a session beyond the defaults.
pub struct Start<'a> {
    /// The program (another build of gapwalk, say).
    pub program: &'a OsStr,
    pub cols: u16,
    /// Set after the defaults (TERM, a config folder in the working folder).
    pub env: &'a [(&'a str, &'a OsStr)],
}

impl Default for Start<'_> {
    fn default() -> Self {
        Start {
            program: OsStr::new(env!("CARGO_BIN_EXE_gapwalk")),
            cols: 120,
            env: &[],
        }
    }
}

impl Session {
    /// gapwalk with these arguments in `dir`, in a 40×120 terminal.
    pub fn start(dir: &Path, args: &[&str]) -> Session {
        Session::start_with(dir, args, &Start::default())
    }

    pub fn start_with(dir: &Path, args: &[&str], how: &Start) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: how.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(how.program);
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env("GAPWALK_CONFIG_DIR", dir.join("config"));
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("GAPWALK_TEST_PAUSE");
        for (k, v) in how.env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn gapwalk");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(40, how.cols, 0)));
        let sink = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = sink.lock() {
                    p.process(&buf[..n]);
                }
            }
        });
        Session {
            child,
            writer: Some(writer),
            screen,
            master: Some(pty.master),
        }
    }

    pub fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?}; screen:\n{}",
            self.contents()
        );
    }

    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("terminal open");
        writer.write_all(keys.as_bytes()).expect("write");
        writer.flush().expect("flush");
    }

    /// Resizes the terminal, as dragging a window's corner does.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        if let Ok(mut p) = self.screen.lock() {
            p.screen_mut().set_size(rows, cols);
        }
        self.master
            .as_ref()
            .expect("terminal open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }

    /// Closes our end of the pseudo-terminal, as closing a terminal window does.
    pub fn hang_up(&mut self) {
        self.writer = None;
        self.master = None;
    }

    pub fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("gapwalk did not exit; screen:\n{}", self.contents());
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Never leave a gapwalk behind, even when a test fails.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
