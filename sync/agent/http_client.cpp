#include "sync/agent/http_client.h"

#include "core/errors.h"
#include "sync/agent/gzip.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>

namespace ocop::sync {

void ensureCurlGlobalInit()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

namespace {

struct Sink {
    HttpResponse* response;
    std::size_t limit;
    bool overflow = false;
};

size_t onBody(char* data, size_t size, size_t n, void* user)
{
    auto* sink = static_cast<Sink*>(user);
    const size_t bytes = size * n;
    if (sink->response->body.size() + bytes > sink->limit) {
        sink->overflow = true;
        return 0; // aborts the transfer with CURLE_WRITE_ERROR
    }
    sink->response->body.append(data, bytes);
    return bytes;
}

size_t onHeader(char* data, size_t size, size_t n, void* user)
{
    auto* headers = static_cast<std::map<std::string, std::string>*>(user);
    const size_t bytes = size * n;
    std::string line(data, bytes);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
        line.pop_back();
    if (line.rfind("HTTP/", 0) == 0) {
        headers->clear(); // a new response (after 100 Continue, say)
        return bytes;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos)
        return bytes;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    const auto first = value.find_first_not_of(" \t");
    value = first == std::string::npos ? std::string() : value.substr(first);
    (*headers)[name] = value;
    return bytes;
}

} // namespace

HttpClient::HttpClient(HttpOptions options) : m_options(std::move(options))
{
    ensureCurlGlobalInit();
    m_curl = curl_easy_init();
    if (!m_curl)
        throw std::runtime_error("libcurl: curl_easy_init failed");
}

HttpClient::~HttpClient()
{
    if (m_curl)
        curl_easy_cleanup(static_cast<CURL*>(m_curl));
}

HttpResponse HttpClient::get(const std::string& url, const std::string& bearer)
{
    return perform(url, nullptr, bearer, false);
}

HttpResponse HttpClient::postJson(const std::string& url, const std::string& json, const std::string& bearer, bool gzip)
{
    return perform(url, &json, bearer, gzip);
}

HttpResponse HttpClient::perform(const std::string& url, const std::string* body, const std::string& bearer, bool gzip)
{
    CURL* c = static_cast<CURL*>(m_curl);
    // Reset clears the options of the last request but keeps the handle's
    // connection cache, DNS cache and TLS session: the next request reuses
    // the open connection.
    curl_easy_reset(c);

    HttpResponse r;
    Sink sink{&r, m_options.maxResponseBytes};
    char errbuf[CURL_ERROR_SIZE] = {0};
    std::string compressed;

    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L); // never carry the token to another place
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_USERAGENT, m_options.userAgent.c_str());
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connectTimeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(m_options.totalTimeout.count()));
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, m_options.lowSpeedBytes);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(m_options.lowSpeedTime.count()));
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c, CURLOPT_TCP_NODELAY, 1L);
    // Accept gzip (and deflate) responses; libcurl inflates them.
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
    // TLS: verification is on and stays on; a private CA and a pinned key
    // narrow what is trusted, they never widen it.
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!m_options.caFile.empty())
        curl_easy_setopt(c, CURLOPT_CAINFO, m_options.caFile.c_str());
    if (!m_options.pinnedPubkey.empty())
        curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, m_options.pinnedPubkey.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);

    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Accept: application/json");
    headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip
    std::string auth;
    if (!bearer.empty()) {
        auth = "Authorization: Bearer " + bearer;
        headers = curl_slist_append(headers, auth.c_str());
    }
    if (body) {
        headers = curl_slist_append(headers, "Content-Type: application/json");
        const std::string* payload = body;
        if (gzip) {
            compressed = gzipCompress(*body);
            payload = &compressed;
            headers = curl_slist_append(headers, "Content-Encoding: gzip");
        }
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload->data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload->size()));
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);

    const CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(headers);

    long connects = 0;
    if (curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK)
        m_connects += connects;
    r.curlCode = static_cast<int>(rc);
    if (rc != CURLE_OK) {
        r.error = sink.overflow ? "response larger than " + std::to_string(sink.limit) + " bytes"
                                : (errbuf[0] ? std::string(errbuf) : std::string(curl_easy_strerror(rc)));
        r.status = 0;
        r.body.clear();
        return r;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    return r;
}

std::string normalizeServerUrl(const std::string& url)
{
    if (url.empty())
        throw UserError("the server URL is empty");
    if (url.size() > 2000 || std::any_of(url.begin(), url.end(), [](unsigned char ch) { return ch <= ' ' || ch >= 0x7f; }))
        throw UserError("malformed server URL '" + url.substr(0, 100) + "'");
    ensureCurlGlobalInit();
    CURLU* u = curl_url();
    auto fail = [&](const std::string& why) {
        curl_url_cleanup(u);
        throw UserError("malformed server URL '" + url + "': " + why);
    };
    if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
        fail("expected http(s)://HOST[:PORT][/PATH]");
    auto part = [&](CURLUPart p) -> std::string {
        char* v = nullptr;
        std::string out;
        if (curl_url_get(u, p, &v, 0) == CURLUE_OK && v)
            out = v;
        curl_free(v);
        return out;
    };
    std::string scheme = part(CURLUPART_SCHEME);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char ch) { return std::tolower(ch); });
    const std::string host = part(CURLUPART_HOST);
    if (scheme != "http" && scheme != "https")
        fail("the scheme must be http or https");
    if (host.empty())
        fail("no host");
    if (!part(CURLUPART_USER).empty() || !part(CURLUPART_PASSWORD).empty())
        fail("credentials do not belong in the URL");
    if (!part(CURLUPART_QUERY).empty() || !part(CURLUPART_FRAGMENT).empty())
        fail("no query or fragment expected");
    // Only a URL that names its scheme explicitly is accepted.
    if (url.find("://") == std::string::npos)
        fail("expected http(s)://HOST[:PORT][/PATH]");
    if (scheme == "http") {
        const bool loopback = host == "localhost" || host.rfind("127.", 0) == 0 || host == "[::1]" || host == "::1";
        const char* allow = std::getenv("OCOP_SYNC_ALLOW_HTTP");
        if (!loopback && !(allow && std::string(allow) == "1"))
            fail("plain http is only allowed to this machine; use https (or set OCOP_SYNC_ALLOW_HTTP=1)");
    }
    std::string normalized = part(CURLUPART_URL);
    curl_url_cleanup(u);
    while (!normalized.empty() && normalized.back() == '/')
        normalized.pop_back();
    return normalized;
}

} // namespace ocop::sync
