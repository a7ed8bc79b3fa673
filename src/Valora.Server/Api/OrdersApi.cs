using System.ComponentModel;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Valora.Data;
using Valora.Data.Records;
using Valora.Data.Sales;

namespace Valora.Server.Api;

/// <summary>
/// Real-time ingestion: orders posted one at a time or in batches, validated like the file import, and the touched
/// customers' CLV scores recomputed at once from the stored models, so the customer 360 is current at the next read.
/// </summary>
public static class OrdersApi
{
    public static RouteGroupBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/orders").WithTags("Orders");
        group.MapPost("/", Create)
            .WithName("PostOrder")
            .WithSummary("Post one order (Idempotency-Key optional); its customer's P(alive), expected purchases and CLV are recomputed from the stored models before the reply")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/batch", Batch)
            .WithName("PostOrders")
            .WithSummary("Post up to 1,000 orders: the good ones are written in one transaction, each bad one is reported by its index, field and rule; the touched customers are rescored")
            .ProducesValidationProblem();
        return group;
    }

    /// <summary>A batch of orders.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record OrdersBatch(IReadOnlyList<OrderInput> Items);

    static async Task<Results<Created<OrdersIngested>, Ok<OrdersIngested>, ValidationProblem, ProblemHttpResult>> Create(
        OrderInput order, ValoraDatabase database, TimeProvider time, CancellationToken ct,
        [FromHeader(Name = "Idempotency-Key"), Description("A key of your choice (1–200 visible ASCII characters) that makes a retry safe.")]
        string? idempotencyKey = null)
    {
        try
        {
            var outcome = await new IngestOrders(database).CreateAsync(order, idempotencyKey, time.GetUtcNow().UtcDateTime, ct);
            if (outcome.Value is not { } result)
            {
                return RecordProblems.Refused(outcome, "Order");
            }
            if (result.Rejected.Count > 0)
            {
                return result.Rejected.All(r => r.Field == "customerId" && r.Message.StartsWith("there is no customer", StringComparison.Ordinal))
                    ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: char.ToUpperInvariant(result.Rejected[0].Message[0]) + result.Rejected[0].Message[1..])
                    : TypedResults.ValidationProblem(result.Rejected.GroupBy(r => r.Field, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.Select(r => r.Message).ToArray(), StringComparer.Ordinal));
            }
            var written = result.Written[0];
            return outcome.Status == WriteStatus.Replayed
                ? TypedResults.Ok(result)
                : TypedResults.Created($"/api/customers/{written.CustomerId}/360", result);
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static async Task<Results<Ok<OrdersIngested>, ValidationProblem>> Batch(OrdersBatch body, ValoraDatabase database, TimeProvider time, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await new IngestOrders(database).RunAsync(body.Items ?? [], time.GetUtcNow().UtcDateTime, ct));
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }
}
