using System.Net;
using TR069Acs.Agent.Tests.Resync;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Agent.Tests.Upgrade;

namespace TR069Acs.Agent.Tests.Admin;

/// <summary>The phone's web commands over real HTTP (the guides' <c>/admin/resync?URL</c> exercise and friends).</summary>
public sealed class WebAdminTests : ResyncTestBase
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false });

    protected override void Configure(PhoneOptions options) => options.AdminPort = 0;

    private string Admin(string page) => Phone.AdminUri + page;

    private async Task ApplyAsync(string elements)
    {
        Server.Put("/8841.xml", $"<flat-profile>{elements}</flat-profile>");
        var outcome = await Phone.ResyncAsync();
        Assert.True(outcome.Succeeded, outcome.Error);
    }

    [Fact]
    public async Task Resync_with_a_url_fetches_and_applies_that_url()
    {
        Server.Put("/basic.txt", "<flat-profile><GPP_D>from the web</GPP_D></flat-profile>");

        var body = await Http.GetStringAsync(Admin($"resync?{Server.BaseUrl}/basic.txt"));

        Assert.StartsWith("Resync succeeded", body, StringComparison.Ordinal);
        Assert.Contains(Server.Requests, r => r.Path == "/basic.txt");
        Assert.DoesNotContain(Server.Requests, r => r.Path == "/8841.xml");
        Assert.Equal("from the web", Phone.GetFlatValue("GPP_D"));
    }

    [Fact]
    public async Task Resync_without_a_url_runs_the_profile_rules()
    {
        Server.Put("/8841.xml", "<flat-profile><GPP_E>ruled</GPP_E></flat-profile>");

        await Http.GetStringAsync(Admin("resync"));

        Assert.Equal("ruled", Phone.GetFlatValue("GPP_E"));
    }

    [Fact]
    public async Task Cfg_xml_exports_the_current_profile_with_secrets_masked_without_a_password()
    {
        await ApplyAsync("<GPP_A>exported</GPP_A><Password_1_>line-secret</Password_1_>");

        var cfg = await Http.GetStringAsync(Admin("cfg.xml"));

        Assert.Contains("<GPP_A", cfg, StringComparison.Ordinal);
        Assert.Contains(">exported</GPP_A>", cfg, StringComparison.Ordinal);
        Assert.Contains(">*************</Password_1_>", cfg, StringComparison.Ordinal);
        Assert.DoesNotContain("line-secret", cfg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_admin_password_every_page_requires_digest_and_cfg_xml_shows_secrets()
    {
        await ApplyAsync("<Password_1_>line-secret</Password_1_><Admin_Passwd>web-pass</Admin_Passwd>");

        using var anonymous = await Http.GetAsync(Admin("cfg.xml"));
        using var wrong = await ConnectionRequestClient.SendAsync(Admin("cfg.xml"), "admin", "nope");
        using var resync = await Http.GetAsync(Admin("resync"));
        using var right = await ConnectionRequestClient.SendAsync(Admin("cfg.xml"), "admin", "web-pass");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Digest", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, resync.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(">line-secret</Password_1_>", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reboot_reboots_the_phone()
    {
        using var response = await Http.GetAsync(Admin("reboot"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.TrueAsync(() => Phone.BootCount == 2, "the reboot", 10);
    }

    [Fact]
    public async Task Upgrade_with_a_url_installs_the_image()
    {
        Server.Files["/spa.bin"] = FirmwareImages.Good();

        var body = await Http.GetStringAsync(Admin($"upgrade?{Server.BaseUrl}/spa.bin"));

        Assert.StartsWith("Upgrade succeeded", body, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => Phone.BootCount == 2, "the reboot into the image", 10);
        Assert.Equal(FirmwareImages.NewVersion, Phone.SoftwareVersion);
    }

    [Fact]
    public async Task The_advanced_page_groups_parameters_by_tab_and_encodes_values()
    {
        await ApplyAsync("<GPP_B>&lt;script&gt;alert(1)&lt;/script&gt;</GPP_B><Password_1_>line-secret</Password_1_>");

        using var response = await Http.GetAsync(Admin("advanced"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h2>Provisioning</h2>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("line-secret", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_paths_and_methods_are_refused()
    {
        using var missing = await Http.GetAsync(Admin("nothing"));
        using var post = await Http.PostAsync(Admin("reboot"), null);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(1, Phone.BootCount);
    }
}
