using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Provisioning;

/// <summary>Shorthands for activation codes: the operator API and a factory phone's activation request.</summary>
internal static class ActivationApi
{
    public const string Mac = "0023EB0000A1";
    public const string Serial = "FCH2001A0A1";
    public const string DeviceId = "0023EB-CP-8841-3PCC-FCH2001A0A1";

    /// <summary>Creates codes; returns the answer (its <c>codes</c> carry the code itself).</summary>
    public static async Task<JsonObject> CreateAsync(TestAcs acs, string json = "{}")
    {
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/activation-codes", json);
        Assert.True(status == 201, $"POST activation-codes → {status}: {body}");
        return body!.AsObject();
    }

    public static async Task<string> CreateOneAsync(TestAcs acs, string json = "{}")
        => (string)(await CreateAsync(acs, json))["codes"]![0]!["code"]!;

    /// <summary>A factory phone's activation: <c>/prov/activate?code=…&amp;mac=…</c> with its User-Agent.</summary>
    public static async Task<(int Status, string Body, HttpResponseMessage Response)> ActivateAsync(TestAcs acs, string code, string? mac = Mac,
        string? serial = Serial, string? path = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            path ?? $"prov/activate?code={Uri.EscapeDataString(code)}{(mac is null ? "" : "&mac=" + mac)}");
        if (serial is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", $"cisco/CP-8841-3PCC-sip88xx.12-0-1MPP0001-224 ({serial})");
        }
        var response = await acs.Files.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public static async Task<JsonObject> CodeAsync(TestAcs acs, long id) => (await acs.GetJsonAsync($"api/activation-codes/{id}")).AsObject();

    /// <summary>Moves a code's expiry into the past, as time passing would (the API refuses past expiries).</summary>
    public static async Task ExpireAsync(TestAcs acs, long id)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(acs.DataDirectory, "acs.db") }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE activation_codes SET expires = 1000 WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
