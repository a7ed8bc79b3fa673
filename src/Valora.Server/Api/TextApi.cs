using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Data;
using Valora.Data.Text;
using Valora.Server.Jobs;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>
/// Message classes of the stored interactions: train a text model from Valora's own labelled records and classify every
/// interaction text with it as a job (what <c>valora text train --records</c> then <c>valora text score-interactions</c>
/// do), and read one customer's stored classes.
/// </summary>
public static class TextApi
{
    /// <summary>Job kind.</summary>
    public const string ScoreInteractionsJob = "text-score-interactions";

    public static RouteGroupBuilder MapTextApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/text").WithTags("Text");
        var analyses = group.MapGroup("").RequireAuthorization(Policies.RunAnalyses);
        analyses.MapPost("/score-interactions", ScoreInteractions)
            .WithName("ScoreInteractionText")
            .WithSummary("Start training a text model from the database's own labelled records (tickets by kind, interactions by outcome or surveys by NPS group, before asOf), classifying every interaction text before asOf with it and storing per customer the messages, class shares, top and latest class and negative share; returns the job")
            .ProducesValidationProblem();
        group.MapGet("/customers/{id:long}", GetCustomer)
            .WithName("GetCustomerInteractionText")
            .WithSummary("A customer's message classes from the latest interaction-text run: messages, share per class, top class and share, negative share, latest message's class, probability and time, model version and as-of date")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static Results<Accepted<JobStatus>, ValidationProblem> ScoreInteractions(TextScoreInteractionsBody body, ValoraDatabase database, TimeProvider time, JobQueue jobs)
    {
        var source = ScoreInteractionTextFromRecords.DefaultSource;
        if (body.Records is { } records && !TextRecords.TryParse(records, out source))
        {
            return Problems.BadInput("records", $"'{records}' is not a record source: use {string.Join(", ", TextRecords.Names)}.");
        }
        var request = new InteractionTextFromRecordsRequest
        {
            Source = source,
            Label = body.Label,
            Folds = body.Folds ?? 5,
            AsOf = body.AsOf,
            NegativeClass = body.NegativeClass,
            InboundOnly = body.InboundOnly ?? false,
        };
        if (request.Check() is { } bad)
        {
            return Problems.BadInput(JsonName(bad.Field), bad.Rule);
        }
        return JobsApi.Accepted(jobs.Enqueue(ScoreInteractionsJob, async (progress, ct) =>
        {
            InteractionTextFromRecordsRun done;
            try
            {
                done = await new ScoreInteractionTextFromRecords(database, time).ExecuteAsync(request, save: true, progress, ct);
            }
            catch (ArgumentException e) when (e.ParamName == nameof(InteractionTextRequest.NegativeClass))
            {
                // Which classes there are is known only once the model is trained, so this one is checked in the job.
                throw new ArgumentException("negativeClass: " + e.Message.Split(" (Parameter")[0], e);
            }
            catch (InvalidDataException e)
            {
                // The trainer words its rules for the command line (--label, --folds); the API's fields are label and folds.
                throw new InvalidDataException(e.Message.Replace("--label", "label", StringComparison.Ordinal).Replace("--folds", "folds", StringComparison.Ordinal), e);
            }
            var run = done.Run;
            var cv = done.Training.CrossValidation;
            return new TextScoreInteractionsResult(run.Version, run.AsOf, TextRecords.NameOf(done.Source), done.Label, done.Training.Rows, cv.Folds,
                cv.Mean.GetValueOrDefault("macro_f1"), cv.Mean.GetValueOrDefault("accuracy"), cv.Mean, run.Classes, run.NegativeClass, run.InboundOnly,
                run.Messages, [.. run.Classes.Select((c, i) => new TextClassCount(c, run.ClassCounts[i]))], run.Customers.Count);
        }));
    }

    static async Task<Results<Ok<CustomerInteractionText>, ProblemHttpResult>> GetCustomer(long id, ValoraDbContext db, CancellationToken ct)
    {
        var queries = new InteractionTextQueries(db);
        if (!await queries.CustomerExistsAsync(id, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such customer",
                detail: string.Create(CultureInfo.InvariantCulture, $"There is no customer {id}."));
        }
        var scores = await queries.OfCustomerAsync(id, ct);
        return scores is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No message classes yet",
                detail: string.Create(CultureInfo.InvariantCulture,
                    $"Customer {id}'s interaction texts have not been classified (no run yet, or no message of theirs before its date): POST /api/text/score-interactions, then follow the job."))
            : TypedResults.Ok(scores);
    }

    static string JsonName(string field) => char.ToLowerInvariant(field[0]) + field[1..];
}

/// <summary>
/// Interaction-text request: a JSON object, every field optional (<c>{}</c> learns the ticket kind from all tickets and
/// classifies every interaction text). A field it does not know is refused (400).
/// </summary>
/// <param name="Records">What the model learns from: tickets (default), interactions or surveys.</param>
/// <param name="Label">The label column: tickets kind (default), priority or status; interactions outcome (default), responded, channel or direction; surveys nps_group (default), score or instrument.</param>
/// <param name="AsOf">Learn from records and classify interactions before this day (default: all records, and the day after the latest interaction with a text).</param>
/// <param name="NegativeClass">The class whose share is stored as the negative share (default: a class named "negative", if any).</param>
/// <param name="InboundOnly">Classify only what customers sent (default false).</param>
/// <param name="Folds">Cross-validation folds of the training (2–20, default 5).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TextScoreInteractionsBody(string? Records = null, string? Label = null, DateOnly? AsOf = null, string? NegativeClass = null,
    bool? InboundOnly = null, int? Folds = null);

/// <summary>Messages predicted in one class over all customers.</summary>
public sealed record TextClassCount(string Class, int Messages);

/// <summary>What an interaction-text job trained and stored.</summary>
/// <param name="Version">The text model's version, written on the scores.</param>
/// <param name="TrainedOn">Records the model learned from (with a text and a label, before asOf).</param>
/// <param name="MacroF1">Cross-validated macro-F1 (mean over folds).</param>
/// <param name="Accuracy">Cross-validated accuracy (mean over folds).</param>
/// <param name="CrossValidation">Every cross-validated metric (mean over folds).</param>
/// <param name="CustomersScored">Customers with at least one classified message.</param>
public sealed record TextScoreInteractionsResult(string Version, DateOnly AsOf, string Records, string Label, int TrainedOn, int Folds,
    double MacroF1, double Accuracy, IReadOnlyDictionary<string, double> CrossValidation, IReadOnlyList<string> Classes, string? NegativeClass,
    bool InboundOnly, int Messages, IReadOnlyList<TextClassCount> ClassCounts, int CustomersScored);
