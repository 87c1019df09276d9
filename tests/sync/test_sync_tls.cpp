// HTTPS between the agent and a TLS server on loopback with certificates
// made for the test (openssl CLI): verification is on by default, a private
// CA is trusted through the `ca_file` setting, and `pinned_pubkey` refuses a
// server whose key is not the pinned one, even with a valid certificate.
#include "sync_fixture.h"
#include "test_server.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

using namespace synctest;
using namespace ocop;
using namespace ocop::sync;
using namespace std::chrono_literals;

namespace {

class Pki {
public:
    Pki()
    {
        dir = fs::temp_directory_path() / ("ocop-sync-pki-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        std::ofstream(dir / "ext.cnf") << "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                                          "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n";
        const std::string d = dir.string();
        const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
        sh("openssl req -x509 " + ec + " -keyout " + d + "/ca.key -out " + d +
           "/ca.pem -days 2 -subj '/CN=OCOP Test CA'");
        sh("openssl req " + ec + " -keyout " + d + "/server.key -out " + d + "/server.csr -subj '/CN=127.0.0.1'");
        sh("openssl x509 -req -in " + d + "/server.csr -CA " + d + "/ca.pem -CAkey " + d + "/ca.key -CAcreateserial -out " +
           d + "/server.pem -days 2 -extfile " + d + "/ext.cnf");
        sh("openssl req -x509 " + ec + " -keyout " + d + "/other.key -out " + d +
           "/other.pem -days 2 -subj '/CN=other'");
        pin = "sha256//" + shOut("openssl x509 -in " + d + "/server.pem -pubkey -noout | openssl pkey -pubin -outform der "
                                 "| openssl dgst -sha256 -binary | openssl base64 -A");
        otherPin = "sha256//" + shOut("openssl x509 -in " + d + "/other.pem -pubkey -noout | openssl pkey -pubin -outform der "
                                      "| openssl dgst -sha256 -binary | openssl base64 -A");
    }
    ~Pki() { fs::remove_all(dir); }
    static void sh(const std::string& cmd, bool quiet = true)
    {
        if (std::system((quiet ? cmd + " >/dev/null 2>&1" : cmd + " 2>/dev/null").c_str()) != 0)
            throw std::runtime_error("failed: " + cmd);
    }
    std::string shOut(const std::string& cmd)
    {
        const auto out = dir / "out.txt";
        sh(cmd + " > " + out.string(), false);
        std::ifstream in(out);
        std::string s;
        std::getline(in, s);
        if (s.size() != 44)
            throw std::runtime_error("not a base64 SHA-256: '" + s + "' from " + cmd);
        return s;
    }
    fs::path dir;
    std::string pin;
    std::string otherPin;
};

PassLimits once()
{
    PassLimits l;
    l.maxAttempts = 1;
    return l;
}

} // namespace

TEST(SyncTls, VerifiesByDefaultTrustsTheConfiguredCaAndHonoursThePin)
{
    Pki pki;
    FakeCentral central;
    TlsFiles files{(pki.dir / "server.pem").string(), (pki.dir / "server.key").string()};
    TestServer server([&](const Request& r) { return central.handle(r); }, &files);
    ASSERT_EQ(server.url().rfind("https://", 0), 0u);
    TerminalDir term("tls");
    term.enrollDirectly(server.url(), central.token);
    const auto pending = term.store().pendingEventCount();
    ASSERT_GT(pending, 0);

    {
        HttpClient http;
        const auto r = syncDataDir(term.store(), term.dir, http, std::nullopt, once());
        EXPECT_EQ(r.outcome, PassOutcome::TransportFailed);
        EXPECT_NE(r.error.find("certificate"), std::string::npos) << r.error;
        EXPECT_EQ(term.store().pendingEventCount(), pending);
    }
    term.store().setSetting(key::CaFile, (pki.dir / "ca.pem").string());
    term.store().setSetting(key::PinnedPubkey, pki.otherPin);
    {
        HttpClient http;
        const auto r = syncDataDir(term.store(), term.dir, http, std::nullopt, once());
        EXPECT_EQ(r.outcome, PassOutcome::TransportFailed);
        EXPECT_NE(r.error.find("pinned public key"), std::string::npos) << r.error;
        EXPECT_EQ(term.store().pendingEventCount(), pending);
    }
    term.store().setSetting(key::PinnedPubkey, pki.pin);
    {
        HttpClient http;
        const auto r = syncDataDir(term.store(), term.dir, http, std::nullopt, once());
        ASSERT_EQ(r.outcome, PassOutcome::Ok) << r.error;
        EXPECT_EQ(r.pushed, pending);
        EXPECT_EQ(term.store().pendingEventCount(), 0);
    }
    term.store().setSetting(key::PinnedPubkey, "");
    term.addEvents(2);
    {
        HttpClient http;
        const auto r = syncDataDir(term.store(), term.dir, http, std::nullopt, once());
        ASSERT_EQ(r.outcome, PassOutcome::Ok) << r.error;
        EXPECT_EQ(r.pushed, 2);
    }
    for (const auto& q : server.requests())
        EXPECT_EQ(q.header("authorization").empty(), false);
}
