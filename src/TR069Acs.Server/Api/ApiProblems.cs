using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace TR069Acs.Server.Api;

/// <summary>RFC 7807 problem details the API answers with: a title, and a detail a person can act on.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult DeviceNotFound(string id)
        => TypedResults.Problem($"No device with id '{id}' is known. Device ids are OUI-ProductClass-SerialNumber as listed by GET /api/devices; a device appears after its first Inform.",
            statusCode: StatusCodes.Status404NotFound, title: "Unknown device");

    public static ProblemHttpResult TaskNotFound(long id)
        => TypedResults.Problem($"No task with id {id} exists (it may have been cancelled).",
            statusCode: StatusCodes.Status404NotFound, title: "Unknown task");

    public static ProblemHttpResult TaskNotQueued(long id, string status)
        => TypedResults.Problem($"Task {id} is {status}; only a queued task can be cancelled.",
            statusCode: StatusCodes.Status409Conflict, title: "Task cannot be cancelled");

    public static ValidationProblem Invalid(string field, string message)
        => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message, title: "The request is invalid");
}
