using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Tests.Tasks;

/// <summary>From API body to stored payload to RPC, through the parameter translator seam.</summary>
public sealed class TaskKindTests
{
    private static readonly TaskTranslationContext _device = new("00D09E-Phone-SN1", "Phone", "1.0");

    /// <summary>What the phone mapping will do: flat names become Device.X_CISCO_COM_FlatProfile.*; "Bogus" is refused.</summary>
    private sealed class FlatTranslator : ITaskParameterTranslator
    {
        public bool TryTranslate(TaskTranslationContext device, string name, out string path, out string? error)
        {
            error = name == "Bogus" ? $"'Bogus' is not a parameter of {device.ProductClass}" : null;
            path = name.StartsWith("Device.", StringComparison.Ordinal) ? name : "Device.X_CISCO_COM_FlatProfile." + name;
            return error is null;
        }
    }

    private static CwmpMessage Rpc(string json, ITaskParameterTranslator? translator = null)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        Assert.True(TaskKinds.TryGet((string)body["type"]!, out var kind));
        var payload = kind.Parse(new TaskBody(body, translator ?? new IdentityParameterTranslator(), _device));
        // The payload is stored as JSON and read back before sending.
        return kind.CreateRequest(JsonNode.Parse(payload.ToJsonString())!.AsObject());
    }

    [Fact]
    public void Names_go_through_the_translator_in_every_task_that_carries_them()
    {
        var translator = new FlatTranslator();

        var gpv = Assert.IsType<GetParameterValues>(Rpc("""{"type":"getParameterValues","parameterNames":["GPP_A","Device.Time."]}""", translator));
        var spv = Assert.IsType<SetParameterValues>(Rpc("""{"type":"setParameterValues","parameterValues":[{"name":"Profile_Rule","value":"tftp://x/a.cfg"}]}""", translator));

        Assert.Equal(["Device.X_CISCO_COM_FlatProfile.GPP_A", "Device.Time."], gpv.ParameterNames);
        Assert.Equal("Device.X_CISCO_COM_FlatProfile.Profile_Rule", spv.ParameterList.Single().Name);
    }

    [Fact]
    public void A_name_the_translator_refuses_is_a_validation_error_naming_the_member()
    {
        var error = Assert.Throws<TaskValidationException>(() =>
            Rpc("""{"type":"setParameterValues","parameterValues":[{"name":"GPP_A","value":"1"},{"name":"Bogus","value":"2"}]}""", new FlatTranslator()));

        Assert.Equal("parameterValues[1].name", error.Field);
        Assert.Contains("not a parameter of Phone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_parameter_values_infers_xsd_types_from_json_values_and_refuses_duplicates()
    {
        var spv = Assert.IsType<SetParameterValues>(Rpc("""
            {"type":"setParameterValues","parameterValues":[
              {"name":"Device.A","value":true},{"name":"Device.B","value":-3},{"name":"Device.C","value":"x","type":"boolean"}]}
            """));

        Assert.Equal(["xsd:boolean", "xsd:int", "xsd:boolean"], spv.ParameterList.Select(p => p.Type));
        Assert.Equal("true", spv.ParameterList[0].Value);
        var duplicate = Assert.Throws<TaskValidationException>(() => Rpc("""
            {"type":"setParameterValues","parameterValues":[{"name":"Device.A","value":"1"},{"name":"Device.A","value":"2"}]}
            """));
        Assert.Equal("parameterValues[1].name", duplicate.Field);
    }

    [Fact]
    public void Set_parameter_attributes_implies_the_change_flags_of_what_is_given()
    {
        var spa = Assert.IsType<SetParameterAttributes>(Rpc("""
            {"type":"setParameterAttributes","parameterAttributes":[{"name":"Device.A","notification":2},{"name":"Device.B","accessList":["Subscriber"]}]}
            """));

        Assert.True(spa.ParameterList[0].NotificationChange);
        Assert.False(spa.ParameterList[0].AccessListChange);
        Assert.Equal(2, spa.ParameterList[0].Notification);
        Assert.False(spa.ParameterList[1].NotificationChange);
        Assert.True(spa.ParameterList[1].AccessListChange);
        Assert.Equal(["Subscriber"], spa.ParameterList[1].AccessList);
    }

    [Fact]
    public void Download_fills_defaults_and_generates_a_command_key()
    {
        var download = Assert.IsType<Download>(Rpc("""{"type":"download","fileType":"3 Vendor Configuration File","url":"https://files/x.xml"}"""));

        Assert.StartsWith("dl-", download.CommandKey, StringComparison.Ordinal);
        Assert.InRange(download.CommandKey.Length, 4, 32);
        Assert.Equal(("3 Vendor Configuration File", "https://files/x.xml", 0L, 0), (download.FileType, download.Url, download.FileSize, download.DelaySeconds));
    }

    [Fact]
    public void Keys_longer_than_tr069_allows_are_refused()
    {
        var error = Assert.Throws<TaskValidationException>(() => Rpc($$"""{"type":"reboot","commandKey":"{{new string('k', 33)}}"}"""));

        Assert.Equal("commandKey", error.Field);
    }

    [Fact]
    public void Every_acs_to_cpe_method_of_the_design_has_a_task_type()
        => Assert.Equal(
            ["addObject", "deleteObject", "download", "factoryReset", "getParameterAttributes", "getParameterNames", "getParameterValues",
             "getRPCMethods", "reboot", "scheduleInform", "setParameterAttributes", "setParameterValues", "upload"],
            TaskKinds.Names.Order(StringComparer.Ordinal));
}
