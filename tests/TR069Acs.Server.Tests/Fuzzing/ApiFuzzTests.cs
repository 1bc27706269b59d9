using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Fuzzing;

/// <summary>Random and mutated JSON bodies and query strings against the operator API of a running ACS: an accepted
/// request, or a 4xx with RFC 7807 problem details, never a 5xx; a refused write changes nothing.</summary>
/// <remarks>Sent with the fixture's <see cref="TestAcs.Api"/> client, so that they carry whatever credentials it carries.</remarks>
public sealed class ApiFuzzTests
{
    private static readonly string DeviceId = ConfigApi.DeviceId;

    // One valid body per write route: the mutations start from what the API accepts.
    private static readonly (HttpMethod Method, string Path, string Body)[] Writes =
    [
        (HttpMethod.Post, $"api/devices/{DeviceId}/tasks", """{"type":"setParameterValues","parameterValues":[{"name":"Password_1_","value":"x","type":"xsd:string"}]}"""),
        (HttpMethod.Post, $"api/devices/{DeviceId}/tasks", """{"type":"getParameterValues","parameterNames":["Device.DeviceInfo."]}"""),
        (HttpMethod.Post, $"api/devices/{DeviceId}/tasks", """{"type":"download","fileType":"1 Firmware Upgrade Image","url":"http://fw/x.loads","delaySeconds":5}"""),
        (HttpMethod.Put, $"api/config/devices/{DeviceId}", """{"parameters":{"GPP_A":"a","Resync_Periodic":"3600","Profile_Rule":"[--key $SA] https://p/$MA.cfg"}}"""),
        (HttpMethod.Patch, "api/config/global", """{"parameters":{"Primary_NTP_Server":"pool.ntp.org","GPP_B":null}}"""),
        (HttpMethod.Put, $"api/devices/{DeviceId}/tags", """["lab","floor-2"]"""),
        (HttpMethod.Post, "api/devices", """{"mac":"00562B0000AA","serial":"FCH0000AA","model":"CP-8841-3PCC","tags":["x"]}"""),
        (HttpMethod.Post, "api/campaigns", """{"name":"c","firmwareId":"0000000000000000000000000000000000000000000000000000000000000000","selector":{"productClass":"CP-8841-3PCC"}}"""),
        (HttpMethod.Post, "api/activation-codes", """{"count":2,"tag":"retail","expiresInDays":7}"""),
        (HttpMethod.Post, $"api/devices/{DeviceId}/secure-provisioning", """{"rotate":true}"""),
    ];

    private static readonly string[] JsonTokens =
    [
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "0", "-1", "1e999", "-0.0", "18446744073709551616", "\"\\u0000\"",
        "\"\\uD800\"", "\"\\", "\"type\"", "\"reboot\"", "\"parameters\"", "\"parameterValues\"", "\"name\"", "\"value\"", "\"url\"", "\"$(\"",
        "\"_encryptionKey\"", "\"********\"", new string('[', 300), "\"" + new string('x', 20_000) + "\"", "/*", "\0", "é",
    ];

    private static readonly string[] QueryNames = ["limit", "after", "offset", "prefix", "productClass", "softwareVersion", "serial", "tag", "since", "until", "status", "model", "includeKey", "dryRun", "connectionRequest", "wait", "q"];

    private static readonly string[] QueryValues = ["", "-1", "0", "1", "1001", "99999999999999999999", "1e3", "abc", "%00", "%ZZ", "%", "2026-13-45T25:61:00Z", "true", "perhaps", "null", "&", "=", "Device.", "\u00e9", new string('9', 400)];

    private static readonly string[] Reads =
    [
        "api/devices", $"api/devices/{DeviceId}", $"api/devices/{DeviceId}/parameters", $"api/devices/{DeviceId}/faults", $"api/devices/{DeviceId}/tasks",
        $"api/devices/{DeviceId}/logs", $"api/devices/{DeviceId}/config", "api/campaigns", "api/firmware", "api/syslog/unattached", "api/activation-codes",
        $"api/devices/{DeviceId}/secure-provisioning", "api/config/global", "api/tasks/1",
    ];

    [Fact]
    public async Task Mutated_and_random_bodies_are_accepted_or_refused_with_problem_details_and_a_refusal_changes_nothing()
    {
        await using var acs = await StartAsync();
        var bodies = Gen.OneOf(
            Gen.Select(Gen.Int[0, Writes.Length - 1], Fuzz.MutatedText([.. Writes.Select(w => w.Body)], JsonTokens)),
            Gen.Select(Gen.Int[0, Writes.Length - 1], Fuzz.Tokens(JsonTokens, 30)));

        await Fuzz.CheckAsync(bodies, async input =>
        {
            var (route, body) = input;
            var (method, path, _) = Writes[route];
            var before = await StateAsync(acs);
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await acs.Api.SendAsync(request);
            var status = await AssertAnswerAsync(response, $"{method} {path}");
            if (status >= 400)
            {
                Assert.Equal(before, await StateAsync(acs));
            }
        }, iterations: 500, print: i => $"{Writes[i.Item1].Method} {Writes[i.Item1].Path} {Fuzz.Show(i.Item2)}");
    }

    [Fact]
    public async Task Random_query_strings_and_path_values_are_answered_or_refused_with_problem_details()
    {
        await using var acs = await StartAsync();
        var pair = Gen.Select(Gen.OneOf(Gen.Int[0, QueryNames.Length - 1].Select(i => QueryNames[i]), Gen.String[0, 8]),
            Gen.OneOf(Gen.Int[0, QueryValues.Length - 1].Select(i => QueryValues[i]), Gen.String[0, 30]));
        var queries = Gen.Select(Gen.Int[0, Reads.Length - 1], pair.Array[0, 4], Gen.Bool, (read, pairs, raw) => (read, pairs, raw));

        await Fuzz.CheckAsync(queries, async input =>
        {
            var (read, pairs, raw) = input;
            // Escaped as a client library would, or raw as an attacker types it (HttpClient still escapes what a URI cannot hold).
            var query = string.Join('&', pairs.Select(p => raw ? $"{p.Item1}={p.Item2}" : $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
            var path = Reads[read] + (query.Length > 0 ? "?" + query : "");
            using var response = await acs.Api.GetAsync(path);
            await AssertAnswerAsync(response, "GET " + path);
        }, iterations: 1200, print: i => $"{Reads[i.read]} {string.Join('&', i.pairs.Select(p => $"{p.Item1}={p.Item2}"))}");

        await Fuzz.CheckAsync(Gen.String[1, 80], async id =>
        {
            foreach (var path in new[] { $"api/devices/{Uri.EscapeDataString(id)}", $"api/devices/{Uri.EscapeDataString(id)}/parameters?prefix=Device.",
                $"api/config/tags/{Uri.EscapeDataString(id)}", $"api/firmware/{Uri.EscapeDataString(id)}" })
            {
                using var response = await acs.Api.GetAsync(path);
                await AssertAnswerAsync(response, "GET " + path);
            }
        }, iterations: 200, print: Fuzz.Show);
    }

    [Fact]
    public async Task Valid_bodies_with_one_member_of_the_wrong_kind_are_refused_with_problem_details_and_change_nothing()
    {
        await using var acs = await StartAsync();
        var odd = Gen.OneOf(
            Gen.Const<JsonNode?>(() => null), Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)), Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
            Gen.Double.Select(d => (JsonNode?)(double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(0.5))), Gen.String.Select(t => (JsonNode?)JsonValue.Create(t)),
            Gen.Const<JsonNode?>(() => new JsonArray(1, "x", null)), Gen.Const<JsonNode?>(() => new JsonObject { ["k"] = "v" }));
        var inputs = Gen.Select(Gen.Int[0, Writes.Length - 1], Gen.Int[0, 1000], odd, Gen.Bool);

        await Fuzz.CheckAsync(inputs, async input =>
        {
            var (route, pick, value, remove) = input;
            var (method, path, seed) = Writes[route];
            var body = Replace(JsonNode.Parse(seed)!, pick, value, remove).ToJsonString();
            var before = await StateAsync(acs);
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await acs.Api.SendAsync(request);
            if (await AssertAnswerAsync(response, $"{method} {path} {body}") >= 400)
            {
                Assert.Equal(before, await StateAsync(acs));
            }
        }, iterations: 400, print: i => $"{Writes[i.Item1].Method} {Writes[i.Item1].Path} member #{i.Item2} := {i.Item3?.ToJsonString() ?? "null"} (remove: {i.Item4})");
    }

    [Fact]
    public async Task Damaged_firmware_uploads_are_stored_or_refused_with_problem_details()
    {
        await using var acs = await StartAsync();
        byte[][] seeds =
        [
            FirmwareImage.Pack(["CP-8841-3PCC"], "sip88xx.12-0-2", System.Security.Cryptography.RandomNumberGenerator.GetBytes(2000)),
            FirmwareImage.Pack(["CP-7841-3PCC", "CP-8851-3PCC"], "12.0.3", []),
        ];
        await Fuzz.CheckAsync(Gen.OneOf(Fuzz.Mutated(seeds, [[0xFF, 0xFF, 0xFF, 0xFF], [0], [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]]), Gen.Byte.Array[0, 3000]),
            async image =>
            {
                using var response = await acs.Api.PostAsync("api/firmware", new ByteArrayContent(image));
                await AssertAnswerAsync(response, $"POST api/firmware ({image.Length} bytes)");
            }, iterations: 300, print: Convert.ToHexString);
        Assert.Equal(200, (await acs.SendJsonAsync(HttpMethod.Get, "api/firmware")).Status);
    }

    // The body with one of its members (or array items), chosen by pick, replaced by value or removed.
    private static JsonNode Replace(JsonNode root, int pick, JsonNode? value, bool remove)
    {
        var slots = new List<(JsonNode Parent, object Key)>();
        void Walk(JsonNode node)
        {
            if (node is JsonObject o)
            {
                foreach (var (key, child) in o.ToList())
                {
                    slots.Add((o, key));
                    if (child is not null)
                    {
                        Walk(child);
                    }
                }
            }
            else if (node is JsonArray a)
            {
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, i));
                    if (a[i] is { } child)
                    {
                        Walk(child);
                    }
                }
            }
        }
        Walk(root);
        if (slots.Count == 0)
        {
            return root;
        }
        var (parent, slot) = slots[pick % slots.Count];
        if (parent is JsonObject obj)
        {
            if (remove)
            {
                obj.Remove((string)slot);
            }
            else
            {
                obj[(string)slot] = value?.DeepClone();
            }
        }
        else if (parent is JsonArray array)
        {
            array[(int)slot] = value?.DeepClone();
        }
        return root;
    }

    private static async Task<TestAcs> StartAsync()
    {
        var acs = await TestAcs.StartAsync();
        await ConfigApi.PreRegisterAsync(acs);
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{DeviceId}", """{"GPP_C":"kept"}""");
        return acs;
    }

    // A 2xx/3xx, or a 4xx whose body is problem details with a title; never a 5xx.
    private static async Task<int> AssertAnswerAsync(HttpResponseMessage response, string what)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{what} → {status}: {Fuzz.Show(text)}");
        if (status >= 400)
        {
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what} → {status} without problem details: {Fuzz.Show(text)}");
            var problem = JsonNode.Parse(text)!;
            Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]), $"{what} → {status}: a problem without a title: {Fuzz.Show(text)}");
        }
        return status;
    }

    // What a write could change: the device's configuration, tags and tasks, the devices, campaigns and codes.
    private static async Task<string> StateAsync(TestAcs acs)
    {
        var parts = new StringBuilder();
        foreach (var path in new[] { $"api/config/devices/{DeviceId}", "api/config/global", $"api/devices/{DeviceId}/tasks", "api/devices", "api/campaigns", "api/activation-codes" })
        {
            using var response = await acs.Api.GetAsync(path);
            parts.Append(path).Append(' ').Append((int)response.StatusCode).Append(' ').AppendLine(await response.Content.ReadAsStringAsync());
        }
        return parts.ToString();
    }
}
