using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Cwmp.Tests.Auth;

public sealed class DigestAuthTests
{
    // RFC 2617 §3.5.
    private const string Rfc2617Challenge =
        "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    private const string Rfc2617Authorization =
        "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
        + "qop=auth, nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    [Fact]
    public void The_rfc_2617_example_verifies_with_its_password()
    {
        Assert.True(DigestAuth.TryParseAuthorization(Rfc2617Authorization, out var credentials));

        Assert.Equal("Mufasa", credentials.Username);
        Assert.Equal("/dir/index.html", credentials.Uri);
        Assert.Equal("00000001", credentials.NonceCount);
        Assert.Equal("0a4f113b", credentials.ClientNonce);
        Assert.Equal("MD5", credentials.Algorithm);
        Assert.True(DigestAuth.Verify(credentials, "GET", "Circle Of Life"));
    }

    [Theory]
    [InlineData("GET", "circle of life")]
    [InlineData("GET", "")]
    [InlineData("POST", "Circle Of Life")]
    public void A_wrong_password_or_method_fails(string method, string password)
    {
        Assert.True(DigestAuth.TryParseAuthorization(Rfc2617Authorization, out var credentials));

        Assert.False(DigestAuth.Verify(credentials, method, password));
    }

    [Fact]
    public void A_tampered_uri_or_nonce_count_fails()
    {
        Assert.True(DigestAuth.TryParseAuthorization(Rfc2617Authorization, out var credentials));

        Assert.False(DigestAuth.Verify(credentials with { Uri = "/dir/other.html" }, "GET", "Circle Of Life"));
        Assert.False(DigestAuth.Verify(credentials with { NonceCount = "00000002" }, "GET", "Circle Of Life"));
        Assert.False(DigestAuth.Verify(credentials with { ClientNonce = null }, "GET", "Circle Of Life"));
    }

    [Fact]
    public void Answering_the_rfc_2617_challenge_reproduces_its_response()
    {
        Assert.True(DigestAuth.TryParseChallenge(Rfc2617Challenge, out var challenge));
        Assert.Equal(new DigestChallenge("testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "5ccc069c403ebaf9f0171e9517f40e41",
            "auth,auth-int", "MD5", false), challenge);

        var header = DigestAuth.CreateAuthorization(challenge, "GET", "/dir/index.html", "Mufasa", "Circle Of Life", "0a4f113b", 1);

        Assert.StartsWith("Digest ", header, StringComparison.Ordinal);
        Assert.Contains("response=\"6629fae49393a05397450978507c4ef1\"", header, StringComparison.Ordinal);
        Assert.Contains("qop=auth, nc=00000001, cnonce=\"0a4f113b\"", header, StringComparison.Ordinal);
        Assert.Contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_values_may_hold_commas_equals_signs_and_escaped_quotes()
    {
        const string header = "Digest realm=\"ACS, Inc. \\\"lab\\\" a=b\",nonce=\"n,1\" , qop=\"auth\", algorithm=MD5, stale=TRUE";

        Assert.True(DigestAuth.TryParseChallenge(header, out var challenge));

        Assert.Equal("ACS, Inc. \"lab\" a=b", challenge.Realm);
        Assert.Equal("n,1", challenge.Nonce);
        Assert.Equal("auth", challenge.Qop);
        Assert.True(challenge.Stale);
        Assert.Null(challenge.Opaque);
    }

    [Fact]
    public void A_server_challenge_and_the_client_answer_work_together()
    {
        var wwwAuthenticate = DigestAuth.CreateChallenge("TR069Acs \"CR\"", "bm9uY2U=", opaque: "op", stale: true);
        Assert.True(DigestAuth.TryParseChallenge(wwwAuthenticate, out var challenge));
        Assert.Equal(new DigestChallenge("TR069Acs \"CR\"", "bm9uY2U=", "op", "auth", "MD5", true), challenge);

        var authorization = DigestAuth.CreateAuthorization(challenge, "GET", "/cr/FCH1?x=1,2", "cpe \"1\"", "pässword", "abcdef", 7);
        Assert.True(DigestAuth.TryParseAuthorization(authorization, out var credentials));

        Assert.Equal("cpe \"1\"", credentials.Username);
        Assert.Equal("/cr/FCH1?x=1,2", credentials.Uri);
        Assert.Equal("00000007", credentials.NonceCount);
        Assert.True(DigestAuth.Verify(credentials, "GET", "pässword"));
        Assert.False(DigestAuth.Verify(credentials, "GET", "password"));
    }

    [Fact]
    public void A_challenge_without_qop_gets_the_rfc_2069_answer()
    {
        Assert.True(DigestAuth.TryParseChallenge("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"", out var challenge));

        var header = DigestAuth.CreateAuthorization(challenge, "GET", "/dir/index.html", "Mufasa", "CircleOfLife", "unused", 1);
        Assert.True(DigestAuth.TryParseAuthorization(header, out var credentials));

        Assert.DoesNotContain("qop", header, StringComparison.Ordinal);
        Assert.DoesNotContain("cnonce", header, StringComparison.Ordinal);
        // MD5(MD5("Mufasa:testrealm@host.com:CircleOfLife") ":" nonce ":" MD5("GET:/dir/index.html")), the RFC 2069 example corrected.
        Assert.Equal("1949323746fe6a43ef61f9606e7febea", credentials.Response);
        Assert.True(DigestAuth.Verify(credentials, "GET", "CircleOfLife"));
    }

    // RFC 7616 §3.9.1.
    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void The_rfc_7616_examples_verify(string algorithm, string response)
    {
        var header = $"Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", algorithm={algorithm}, "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", "
            + $"qop=auth, response=\"{response}\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

        Assert.True(DigestAuth.TryParseAuthorization(header, out var credentials));

        Assert.True(DigestAuth.Verify(credentials, "GET", "Circle of Life"));
    }

    [Fact]
    public void An_upper_case_hex_response_is_accepted()
    {
        Assert.True(DigestAuth.TryParseAuthorization(Rfc2617Authorization.Replace("6629fae49393a05397450978507c4ef1", "6629FAE49393A05397450978507C4EF1", StringComparison.Ordinal), out var credentials));

        Assert.True(DigestAuth.Verify(credentials, "GET", "Circle Of Life"));
    }

    [Theory]
    [InlineData("Basic realm=\"acs\"")]
    [InlineData("Digestrealm=\"x\", nonce=\"y\"")]
    [InlineData("Digest nonce=\"y\"")]
    [InlineData("Digest realm=\"x\", nonce=\"y\", qop=\"auth-int\"")]
    [InlineData("Digest realm=\"x\", nonce=\"y\", algorithm=SHA-512-256")]
    [InlineData("Digest realm=\"unterminated, nonce=\"y\"")]
    [InlineData("")]
    public void Headers_that_are_not_an_answerable_digest_challenge_are_refused(string header)
        => Assert.False(DigestAuth.TryParseChallenge(header, out _));

    [Theory]
    [InlineData("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")]
    [InlineData("Digest username=\"Mufasa\", realm=\"r\", nonce=\"n\", uri=\"/\"")]
    [InlineData("Digest username=\"Mufasa\" realm")]
    public void Authorization_headers_that_are_not_complete_digest_credentials_are_refused(string header)
        => Assert.False(DigestAuth.TryParseAuthorization(header, out _));
}
