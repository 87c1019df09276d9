#pragma once
// The sync agent's HTTP client: one libcurl easy handle, reused for every
// request so the connection (and the TLS session) stays open between
// batches. Not thread-safe: one worker thread owns it.
#include <chrono>
#include <map>
#include <memory>
#include <string>

namespace ocop::sync {

struct HttpOptions {
    std::chrono::milliseconds connectTimeout{10'000};
    // Abort when fewer than lowSpeedBytes per second arrive for lowSpeedTime.
    long lowSpeedBytes = 64;
    std::chrono::seconds lowSpeedTime{20};
    std::chrono::milliseconds totalTimeout{60'000}; // whole request, upload to last byte
    std::string caFile;       // PEM bundle to trust instead of the system store
    std::string pinnedPubkey; // "sha256//BASE64[;sha256//...]" or a PEM/DER file
    std::string userAgent = "ocop-pos-sync/1";
    std::size_t maxResponseBytes = 64u * 1024 * 1024;
};

struct HttpResponse {
    int curlCode = 0;     // CURLE_OK (0) when an HTTP response arrived
    std::string error;    // curl's message when curlCode != 0
    long status = 0;      // HTTP status; 0 on a transport failure
    std::string body;     // already gunzipped when sent with Content-Encoding: gzip
    std::map<std::string, std::string> headers; // lower-case names, last value wins
    bool transportOk() const { return curlCode == 0; }
    std::string header(const std::string& lowerName) const
    {
        auto it = headers.find(lowerName);
        return it == headers.end() ? std::string() : it->second;
    }
};

class HttpClient {
public:
    explicit HttpClient(HttpOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    void setOptions(HttpOptions options) { m_options = std::move(options); }
    const HttpOptions& options() const { return m_options; }

    HttpResponse get(const std::string& url, const std::string& bearer);
    // POSTs a JSON body; gzips it (Content-Encoding: gzip) when asked.
    HttpResponse postJson(const std::string& url, const std::string& json, const std::string& bearer, bool gzip);

    // How many TCP connections the handle opened so far (keep-alive check).
    long connectionsOpened() const { return m_connects; }

private:
    HttpResponse perform(const std::string& url, const std::string* body, const std::string& bearer, bool gzip);

    HttpOptions m_options;
    void* m_curl = nullptr;
    long m_connects = 0;
};

// Checks a server base URL: http or https, a host, no query or fragment, no
// credentials. Plain http is accepted only for a loopback host (127.0.0.0/8,
// ::1, localhost) unless OCOP_SYNC_ALLOW_HTTP=1: a bearer token never
// crosses a network in clear text by accident. Returns the URL without a
// trailing slash; throws UserError naming what is wrong.
std::string normalizeServerUrl(const std::string& url);

// Process-wide libcurl setup; called by HttpClient, safe to call repeatedly.
void ensureCurlGlobalInit();

} // namespace ocop::sync
