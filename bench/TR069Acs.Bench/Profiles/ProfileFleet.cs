using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TR069Acs.Bench.Profiles;

/// <summary>
/// The provisioning data of the profile load run, written through the operator API as a carrier would: N pre-registered
/// CP-8841-3PCC phones, half tagged <c>site-a</c> and half <c>site-b</c>, with about a hundred flat parameters layered
/// over four scopes (global 30, model 20, tag 20, device 30). <c>site-b</c> sets <c>_encryptionKey</c>, so its phones'
/// profiles are served AES-256-CBC encrypted: the run covers all four encodings (plain, gzip, AES, gzip + AES).
/// </summary>
internal sealed class ProfileFleet
{
    public const string Model = "CP-8841-3PCC";
    public const string PlainTag = "site-a";
    public const string EncryptedTag = "site-b";
    public const string EncryptionKey = "bench s3cret phrase";

    private readonly string[] _macs;

    private ProfileFleet(string[] macs) => _macs = macs;

    /// <summary>The phones' MACs, 12 lower-case hex digits; even indexes are <see cref="PlainTag"/>.</summary>
    public IReadOnlyList<string> Macs => _macs;

    /// <summary>Every profile path the load requests: <c>cfg/spa{mac}.cfg</c> and <c>cfg/spa{mac}.cfg.gz</c> per phone,
    /// interleaved so that consecutive requests alternate device and encoding.</summary>
    public IReadOnlyList<string> Paths => [.. Macs.SelectMany(mac => new[] { $"cfg/spa{mac}.cfg", $"cfg/spa{mac}.cfg.gz" })];

    /// <summary>True when the phone at <paramref name="path"/> is under the encrypted tag.</summary>
    public bool IsEncrypted(string path) => Array.IndexOf(_macs, MacOf(path)) % 2 == 1;

    public static async Task<ProfileFleet> CreateAsync(Uri api, string token, int devices)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        await PutAsync(http, "config/global", Global());
        await PutAsync(http, $"config/models/{Model}", ModelScope());
        await PutAsync(http, $"config/tags/{PlainTag}", TagScope(PlainTag));
        var encrypted = TagScope(EncryptedTag);
        encrypted["_encryptionKey"] = EncryptionKey;
        await PutAsync(http, $"config/tags/{EncryptedTag}", encrypted);

        var macs = Enumerable.Range(0, devices).Select(i => string.Create(CultureInfo.InvariantCulture, $"00562b{0xA00000 + i:x6}")).ToArray();
        // SQLite takes one writer at a time: a few registrations in flight keep it busy without queueing timeouts.
        await Parallel.ForEachAsync(Enumerable.Range(0, devices), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var serial = string.Create(CultureInfo.InvariantCulture, $"FCH{i:D8}");
            using var created = await http.PostAsJsonAsync("devices", new JsonObject
            {
                ["mac"] = macs[i],
                ["serial"] = serial,
                ["model"] = Model,
                ["tags"] = new JsonArray(i % 2 == 0 ? PlainTag : EncryptedTag),
            }, ct);
            await EnsureAsync(created, "POST devices");
            var id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();
            await PutAsync(http, $"config/devices/{Uri.EscapeDataString(id)}", DeviceScope(i));
        });
        return new ProfileFleet(macs);
    }

    private static string MacOf(string path) => path[(path.IndexOf("spa", StringComparison.Ordinal) + 3)..][..12];

    private static JsonObject Global()
    {
        var p = new JsonObject
        {
            ["Primary_NTP_Server"] = "ntp1.example.net",
            ["Secondary_NTP_Server"] = "ntp2.example.net",
            ["Syslog_Server"] = "syslog.example.net:514",
            ["Syslog_Identifier"] = "$MA",
            ["Debug_Level"] = "1",
            ["Provision_Enable"] = "Yes",
            ["Resync_On_Reset"] = "Yes",
            ["Resync_Periodic"] = "3600",
            ["Resync_Random_Delay"] = "2",
            ["Resync_Error_Retry_Delay"] = "600,1200,3600",
            ["Time_Zone"] = "GMT+01:00",
            ["Daylight_Saving_Time_Enable"] = "Yes",
            ["Voice_Mail_Number"] = "*97",
            ["Primary_DNS"] = "192.0.2.53",
            ["Secondary_DNS"] = "192.0.2.54",
            ["Domain"] = "example.net",
            ["RTP_Port_Min"] = "16384",
            ["RTP_Port_Max"] = "16482",
            ["Enable_Web_Server"] = "Yes",
            ["Max_Forward"] = "70",
        };
        foreach (var letter in "KLMNOP")
        {
            p[$"GPP_{letter}"] = $"global-{letter}";
        }
        for (var n = 1; n <= 4; n++)
        {
            p[$"Dial_Plan_{n}_"] = "(*xx|[3469]11|0|00|[2-9]xxxxxx|1xxx[2-9]xxxxxxS0|xxxxxxxxxxxx.)";
        }
        return p;
    }

    private static JsonObject ModelScope()
    {
        var p = new JsonObject();
        for (var n = 1; n <= 4; n++)
        {
            p[$"Proxy_{n}_"] = "sip.example.net:5060";
            p[$"Outbound_Proxy_{n}_"] = "sbc.example.net:5060";
            p[$"Use_Outbound_Proxy_{n}_"] = "Yes";
            p[$"SIP_Transport_{n}_"] = "UDP";
            p[$"Register_Expires_{n}_"] = "600";
        }
        return p;
    }

    private static JsonObject TagScope(string tag)
    {
        var p = new JsonObject();
        for (var n = 1; n <= 4; n++)
        {
            p[$"SIP_Port_{n}_"] = (5060 + n).ToString(CultureInfo.InvariantCulture);
            p[$"Privacy_Header_{n}_"] = "none";
        }
        for (var n = 5; n <= 10; n++)
        {
            p[$"Line_Enable_{n}_"] = "No";
        }
        foreach (var letter in "EFGHIJ")
        {
            p[$"GPP_{letter}"] = $"{tag}-{letter}";
        }
        return p;
    }

    private static JsonObject DeviceScope(int i)
    {
        var p = new JsonObject
        {
            ["Station_Name"] = string.Create(CultureInfo.InvariantCulture, $"phone-{i:D5}"),
            ["Station_Display_Name"] = string.Create(CultureInfo.InvariantCulture, $"Desk {i}"),
            ["Host_Name"] = string.Create(CultureInfo.InvariantCulture, $"sep{i:D8}"),
        };
        for (var n = 1; n <= 4; n++)
        {
            var extension = string.Create(CultureInfo.InvariantCulture, $"{4000 + i * 4 + n}");
            p[$"User_ID_{n}_"] = extension;
            p[$"Auth_ID_{n}_"] = "auth" + extension;
            p[$"Password_{n}_"] = string.Create(CultureInfo.InvariantCulture, $"pw-{i:x4}-{n}-Secret");
            p[$"Display_Name_{n}_"] = string.Create(CultureInfo.InvariantCulture, $"Extension {extension}");
            p[$"Dial_Plan_{n + 4}_"] = "(xxxx|9[2-9]xxxxxxxxx|*xx)";
        }
        foreach (var letter in "ABCD")
        {
            p[$"GPP_{letter}"] = string.Create(CultureInfo.InvariantCulture, $"device-{i}-{letter}");
        }
        foreach (var letter in "ABC")
        {
            p[$"GPP_S{letter}"] = string.Create(CultureInfo.InvariantCulture, $"s{letter}-{i}");
        }
        return p;
    }

    private static async Task PutAsync(HttpClient http, string path, JsonObject parameters)
    {
        using var response = await http.PutAsJsonAsync(path, new JsonObject { ["parameters"] = parameters });
        await EnsureAsync(response, "PUT " + path);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
