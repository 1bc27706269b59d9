using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary><c>{"type":"setParameterAttributes","parameterAttributes":[{"name":…,"notification":2,"accessList":["Subscriber"]}]}</c>.
/// A given <c>notification</c> or <c>accessList</c> implies its *Change flag unless the flag is set explicitly.</summary>
internal sealed class SetParameterAttributesTask : TaskKind
{
    public override string Name => "setParameterAttributes";

    public override Type ResponseType => typeof(SetParameterAttributesResponse);

    public override JsonObject Parse(TaskBody body)
    {
        var input = body.RequiredObjectArray("parameterAttributes");
        var output = new JsonArray();
        for (var i = 0; i < input.Count; i++)
        {
            var item = (JsonObject)input[i]!;
            var field = $"parameterAttributes[{i}]";
            var name = body.Path(TaskBody.String(item["name"], $"{field}.name") ?? "", $"{field}.name");
            var notification = TaskBody.Integer(item["notification"], $"{field}.notification", 0, 6);
            var notificationChange = TaskBody.Bool(item["notificationChange"], $"{field}.notificationChange") ?? notification is not null;
            List<string>? accessList = null;
            if (item["accessList"] is JsonArray list)
            {
                accessList = [.. list.Select((n, j) => TaskBody.String(n, $"{field}.accessList[{j}]") ?? "")];
            }
            else if (item["accessList"] is not null)
            {
                throw new TaskValidationException($"{field}.accessList", $"'{field}.accessList' must be an array of strings, e.g. [\"Subscriber\"].");
            }
            var accessListChange = TaskBody.Bool(item["accessListChange"], $"{field}.accessListChange") ?? accessList is not null;
            if (notificationChange && notification is null)
            {
                throw new TaskValidationException($"{field}.notification", $"'{field}.notification' is required when notificationChange is true (0 off, 1 passive, 2 active).");
            }
            if (!notificationChange && !accessListChange)
            {
                throw new TaskValidationException(field, $"'{field}' changes nothing: give notification and/or accessList.");
            }
            output.Add(new JsonObject
            {
                ["name"] = name,
                ["notificationChange"] = notificationChange,
                ["notification"] = notification ?? 0,
                ["accessListChange"] = accessListChange,
                ["accessList"] = Strings(accessList ?? []),
            });
        }
        return new JsonObject { ["parameterAttributes"] = output };
    }

    public override CwmpMessage CreateRequest(JsonObject payload) => new SetParameterAttributes(Attributes(payload));

    public override TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response)
        => TaskOutcome.Done() with
        {
            Attributes = [.. Attributes(payload).Select(a => new StoredAttribute(a.Name,
                a.NotificationChange ? a.Notification : null,
                a.AccessListChange ? string.Join(',', a.AccessList) : null))],
        };

    private static List<SetParameterAttribute> Attributes(JsonObject payload)
        => payload["parameterAttributes"] is JsonArray a
            ? [.. a.Select(n => new SetParameterAttribute(
                (string?)n!["name"] ?? "",
                (bool?)n["notificationChange"] ?? false,
                (int?)n["notification"] ?? 0,
                (bool?)n["accessListChange"] ?? false,
                n["accessList"] is JsonArray l ? [.. l.Select(x => (string?)x ?? "")] : []))]
            : [];
}
