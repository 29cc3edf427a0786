//! A raw HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose, connection by connection:
//! what a well-behaved framework such as the double will not do (close early, truncate,
//! stall, stream without end).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What the server does with each connection, in order; connections past the script get
/// the last entry.
#[derive(Clone, Copy)]
pub enum Conn {
    /// Close at once, before reading anything.
    CloseAtOnce,
    /// Read the request, then close without answering.
    CloseAfterReading,
    /// Answer 200 with a `content-length` of 100 and 10 bytes, then close.
    Truncated,
    /// Answer 200 headers and a few body bytes, then stall.
    Stall,
    /// Answer 200 with a Prefix.
    Ok,
    /// Answer 200 with this many bytes, chunked, then close.
    Chunked(usize),
    /// Answer 200 declaring this content length, and send nothing more.
    Declared(u64),
}

/// A raw HTTP server on 127.0.0.1 following `script`; returns its base URL and a count of
/// the connections it accepted.
pub async fn raw_server(script: Vec<Conn>) -> (String, Arc<AtomicU32>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/core/v2", listener.local_addr().unwrap());
    let count = Arc::new(AtomicU32::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = seen.fetch_add(1, Ordering::SeqCst) as usize;
            let conn = script[n.min(script.len() - 1)];
            tokio::spawn(async move {
                if let Conn::CloseAtOnce = conn {
                    return;
                }
                let mut buf = vec![0u8; 65536];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                // The body (the requests here carry at most a few KiB).
                tokio::time::sleep(Duration::from_millis(20)).await;
                let _ =
                    tokio::time::timeout(Duration::from_millis(50), socket.read(&mut buf)).await;
                let prefix = crate::sample("prefix.response.json");
                let _ = match conn {
                    Conn::CloseAtOnce | Conn::CloseAfterReading => Ok(()),
                    Conn::Truncated => {
                        socket
                            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"name\":\"x")
                            .await
                    }
                    Conn::Stall => {
                        let _ = socket
                            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{")
                            .await;
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        Ok(())
                    }
                    Conn::Ok => {
                        let head = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                            prefix.len()
                        );
                        socket.write_all(format!("{head}{prefix}").as_bytes()).await
                    }
                    Conn::Chunked(total) => {
                        let _ = socket
                            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
                            .await;
                        let chunk = vec![b' '; 1 << 16];
                        let mut sent = 0;
                        while sent < total {
                            let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
                            if socket.write_all(&frame).await.is_err() {
                                return;
                            }
                            sent += chunk.len();
                        }
                        socket.write_all(b"0\r\n\r\n").await
                    }
                    Conn::Declared(length) => {
                        let _ = socket
                            .write_all(format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n").as_bytes())
                            .await;
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        Ok(())
                    }
                };
                let _ = socket.shutdown().await;
            });
        }
    });
    (base, count)
}
