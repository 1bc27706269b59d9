using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TR069Acs.Server.Api.Models;
using TR069Acs.Server.ConnectionRequests;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Api;

/// <summary>Tasks: queue one for a device (optionally waking it by Connection Request and waiting for the
/// outcome), list a device's tasks, read and cancel one.</summary>
internal static class TaskEndpoints
{
    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder api)
    {
        api.MapPost("/devices/{id}/tasks", CreateAsync).WithName("CreateTask")
            .WithSummary("Queue a task, e.g. {\"type\":\"getParameterValues\",\"parameterNames\":[\"Device.Time.\"]}. "
                + "connectionRequest=true wakes the device; wait=S (≤ Acs:MaxTaskWaitSeconds) waits for the task to finish.")
            .Accepts<JsonObject>("application/json");
        api.MapGet("/devices/{id}/tasks", ListAsync).WithName("ListDeviceTasks").WithSummary("A device's tasks, oldest first.");
        api.MapGet("/tasks/{taskId:long}", GetAsync).WithName("GetTask").WithSummary("One task: status queued|sent|done|fault|expired, result, fault.");
        api.MapDelete("/tasks/{taskId:long}", CancelAsync).WithName("CancelTask").WithSummary("Cancel a queued task.");
        return api;
    }

    private static async Task<Results<Created<TaskInfo>, ProblemHttpResult, ValidationProblem>> CreateAsync(
        string id, HttpRequest request, string? connectionRequest, string? wait,
        TaskService service, ConnectionRequestService connectionRequests, TaskStore tasks, AcsOptions options, CancellationToken cancellationToken)
    {
        if (!QueryValues.TryBool(connectionRequest, "connectionRequest", out var wake, out var error))
        {
            return ApiProblems.Invalid("connectionRequest", error!);
        }
        if (!QueryValues.TryInt(wait, "wait", 0, options.MaxTaskWaitSeconds, 0, out var waitSeconds, out error))
        {
            return ApiProblems.Invalid("wait", error!);
        }
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, documentOptions: ApiJson.Document, cancellationToken: cancellationToken) as JsonObject
                ?? throw new JsonException("the body must be a JSON object such as {\"type\":\"reboot\"}");
        }
        catch (JsonException ex)
        {
            return ApiProblems.Invalid("body", $"The body is not a valid task: {ex.Message}");
        }

        var device = await service.FindDeviceAsync(id, cancellationToken);
        if (device is null)
        {
            return ApiProblems.DeviceNotFound(id);
        }
        TaskRow task;
        try
        {
            task = await service.CreateAsync(device, body, cancellationToken);
        }
        catch (TaskValidationException ex)
        {
            return ApiProblems.Invalid(ex.Field, ex.Message);
        }
        if (wake)
        {
            await connectionRequests.RequestAsync(device, task.Id, cancellationToken);
        }
        var current = waitSeconds > 0
            ? await service.WaitAsync(task.Id, TimeSpan.FromSeconds(waitSeconds), cancellationToken)
            : wake ? await tasks.GetAsync(task.Id, cancellationToken) : task;
        return TypedResults.Created($"/api/tasks/{task.Id}", TaskInfo.From(current ?? task));
    }

    private static async Task<Results<Ok<List<TaskInfo>>, ProblemHttpResult, ValidationProblem>> ListAsync(string id, string? limit,
        TaskService service, TaskStore tasks, CancellationToken cancellationToken)
    {
        if (!QueryValues.TryInt(limit, "limit", 1, 1000, 1000, out var take, out var error))
        {
            return ApiProblems.Invalid("limit", error!);
        }
        if (await service.FindDeviceAsync(id, cancellationToken) is null)
        {
            return ApiProblems.DeviceNotFound(id);
        }
        var rows = await tasks.ListForDeviceAsync(id, take, cancellationToken);
        return TypedResults.Ok(rows.Select(TaskInfo.From).ToList());
    }

    private static async Task<Results<Ok<TaskInfo>, ProblemHttpResult>> GetAsync(long taskId, TaskStore tasks, CancellationToken cancellationToken)
        => await tasks.GetAsync(taskId, cancellationToken) is { } task ? TypedResults.Ok(TaskInfo.From(task)) : ApiProblems.TaskNotFound(taskId);

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(long taskId, TaskService service, TaskStore tasks,
        CancellationToken cancellationToken)
    {
        if (await service.CancelAsync(taskId, cancellationToken))
        {
            return TypedResults.NoContent();
        }
        return await tasks.GetAsync(taskId, cancellationToken) is { } task
            ? ApiProblems.TaskNotQueued(taskId, task.Status)
            : ApiProblems.TaskNotFound(taskId);
    }
}
