using System.CommandLine;
using Valora.Data.Customers;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Valora.Data.Import;
using Valora.Data.Import.Readers;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora import &lt;kind&gt; &lt;file&gt;</c>: validates a delimited file, writes bad rows to
/// <c>&lt;file&gt;.rejects.csv</c>, upserts the good ones and prints a summary. Re-running the same file changes nothing.
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "customers | products | orders | interactions | referrals | tickets | surveys" };
        var file = new Argument<string>("file") { Description = "CSV, TSV, semicolon- or whitespace-separated file" };
        var delimiter = new Option<string?>("--delimiter") { Description = "Field delimiter: , ; tab | or space (runs of whitespace); default: detect" };
        var header = new Option<bool>("--header") { Description = "The first row is a header (default: detect)" };
        var noHeader = new Option<bool>("--no-header") { Description = "The first row is data" };
        var map = new Option<string[]>("--map")
        {
            Description = "field=column[:format], column by header name or 1-based index (repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        var mapping = new Option<string?>("--mapping") { Description = "JSON file {\"field\": \"column[:format]\"} (as printed by a previous run)" };
        var dateFormat = new Option<string?>("--date-format") { Description = "Date format for all date fields, e.g. yyyyMMdd or dd/MM/yyyy" };
        var decimalSeparator = new Option<string>("--decimal-separator") { Description = ". or ,", DefaultValueFactory = _ => "." };
        var encoding = new Option<string>("--encoding") { Description = "Text encoding (a byte-order mark wins)", DefaultValueFactory = _ => "utf-8" };
        var currency = new Option<string>("--currency") { Description = "Currency of orders without a currency column", DefaultValueFactory = _ => "USD" };
        var missing = new Option<MissingValuePolicy>("--missing") { Description = "Missing income / acquisition cost: keep, mean or median", DefaultValueFactory = _ => MissingValuePolicy.Keep };
        var createCustomers = new Option<bool>("--create-missing-customers") { Description = "Orders: create bare customers for unknown customer ids" };
        var earliest = new Option<DateOnly?>("--earliest-date") { Description = "Earliest plausible date of any date field (default 1900-01-01)" };
        var latest = new Option<DateOnly?>("--latest-date") { Description = "Latest plausible date of any date field (default: a year after today)" };
        var rejectsPath = new Option<string?>("--rejects") { Description = "Where rejected rows go (default <file>.rejects.csv, or the temp folder when that folder is read-only)" };
        var batchSize = new Option<int>("--batch-size") { Description = "Records (orders: lines) per transaction", DefaultValueFactory = _ => 20_000 };
        var onDuplicate = new Option<string>("--on-duplicate")
        {
            Description = "Customers: what to do with a new customer that looks like a stored one — keep, report (list them) or merge (into the stored one, recorded, undo with valora merge undo)",
            DefaultValueFactory = _ => "keep",
        };
        var duplicateThreshold = new Option<double>("--duplicate-threshold") { Description = "Least score of a duplicate (as valora duplicates)", DefaultValueFactory = _ => Valora.Analytics.Matching.DuplicateOptions.DefaultThreshold };

        var command = new Command("import", "Import customers, products, orders, interactions, referrals, tickets or surveys from a file")
        {
            kind, file, delimiter, header, noHeader, map, mapping, dateFormat, decimalSeparator, encoding, currency, missing, createCustomers, earliest, latest, rejectsPath, batchSize, onDuplicate, duplicateThreshold,
        };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (!Enum.TryParse<ImportKind>(r.GetValue(kind), ignoreCase: true, out var importKind) || int.TryParse(r.GetValue(kind), CultureInfo.InvariantCulture, out _))
            {
                throw new ArgumentException($"Unknown kind '{r.GetValue(kind)}'; expected customers, products, orders, interactions, referrals, tickets or surveys.");
            }
            var path = r.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"File not found: {path}");
            }
            var options = new FileImportOptions
            {
                Delimiter = ParseDelimiter(r.GetValue(delimiter)),
                Header = r.GetValue(header) ? true : r.GetValue(noHeader) ? false : null,
                Map = r.GetValue(map) ?? [],
                MappingFile = r.GetValue(mapping),
                DateFormat = r.GetValue(dateFormat),
                DecimalSeparator = r.GetValue(decimalSeparator) switch
                {
                    "." => '.',
                    "," => ',',
                    var other => throw new ArgumentException($"--decimal-separator must be . or , (got '{other}')."),
                },
                Encoding = Encoding.GetEncoding(r.GetValue(encoding)!),
                Currency = r.GetValue(currency)!.ToUpperInvariant(),
                Missing = r.GetValue(missing),
                CreateMissingCustomers = r.GetValue(createCustomers),
                EarliestDate = r.GetValue(earliest),
                LatestDate = r.GetValue(latest),
                RejectsPath = r.GetValue(rejectsPath),
                BatchSize = r.GetValue(batchSize) > 0 ? r.GetValue(batchSize) : throw new ArgumentException("--batch-size must be positive."),
            };
            if (options.MappingFile is not null && !File.Exists(options.MappingFile))
            {
                throw new FileNotFoundException($"Mapping file not found: {options.MappingFile}");
            }
            var duplicates = r.GetValue(onDuplicate) switch
            {
                null or "keep" => OnDuplicate.Keep,
                "report" => OnDuplicate.Report,
                "merge" => OnDuplicate.Merge,
                var other => throw new ArgumentException($"--on-duplicate: must be keep, report or merge but was '{other}'."),
            };
            if (duplicates != OnDuplicate.Keep && importKind != ImportKind.Customers)
            {
                throw new ArgumentException("--on-duplicate: only customers are matched as duplicates.");
            }
            var threshold = r.GetValue(duplicateThreshold);
            if (double.IsNaN(threshold) || threshold is < 0 or > 1)
            {
                throw new ArgumentException($"--duplicate-threshold: must be between 0 and 1 but was {threshold.ToString(CultureInfo.InvariantCulture)}.");
            }
            var database = CliOptions.DatabaseFrom(r);
            await database.MigrateAsync(ct);
            IReadOnlySet<string> storedBefore = new HashSet<string>();
            if (duplicates != OnDuplicate.Keep)
            {
                await using var db = database.CreateContext();
                storedBefore = await ImportDuplicates.ExternalIdsAsync(db, ct);
            }
            var messages = CliRunner.Messages;
            var interactive = !Console.IsErrorRedirected;
            FileImportResult? result = null;
            var committed = new Progress<ImportProgress>(p =>
            {
                if (!interactive)
                {
                    // Plain lines when stderr is not a terminal (logs, scripts, tests).
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"committed batch {p.Batches}: {p.Records} records, {p.Rows} rows"));
                }
            });
            var importer = new FileImporter(database)
            {
                Progress = committed,
                MappingResolved = json => Console.Error.WriteLine($"mapping: {json}"),
            };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var run = importer.ImportAsync(importKind, path, options, ct);
            if (interactive)
            {
                await messages.Progress().AutoClear(true).StartAsync(async context =>
                {
                    var task = context.AddTask($"import {importKind.ToString().ToLowerInvariant()}", maxValue: 1.0);
                    while (!run.IsCompleted)
                    {
                        task.Value = importer.Fraction;
                        await Task.WhenAny(run, Task.Delay(200, ct));
                    }
                    task.Value = 1.0;
                });
            }
            result = await run;
            var seconds = clock.Elapsed.TotalSeconds;
            var s = result.Summary;
            if (result.RejectsPath is not null)
            {
                messages.MarkupLine($"[yellow]{s.Rejected} rejected row(s)[/] written to {Markup.Escape(result.RejectsPath)}");
            }
            var report = new ImportReport(
                s.Kind, s.Read, s.Inserted, s.Updated, s.Unchanged, s.Rejected, s.Lines, s.CustomersCreated, s.ProductsCreated, s.ProductsUpdated,
                string.Join("; ", s.RejectedByRule.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}"))),
                string.Join("; ", s.Filled), Math.Round(seconds, 2), Math.Round(s.Read / Math.Max(seconds, 1e-9)));
            var title = $"import {s.Kind} into {database.Describe()}";
            var format = r.GetValue(CliOptions.Format);
            if (duplicates == OnDuplicate.Keep)
            {
                ResultWriter.WriteObject(report, format, title);
            }
            else
            {
                await using var db = database.CreateContext();
                var found = await ImportDuplicates.ResolveAsync(db, storedBefore, duplicates, threshold, "system", DateTime.UtcNow, ct);
                var rows = found.Select(d => new DuplicateRow(d.New.ExternalId, d.Existing.ExternalId, Math.Round(d.Score, 3), string.Join('+', d.MatchedFields),
                    d.New.Name, d.Existing.Name, d.MergeId)).ToList();
                if (format == OutputFormat.Json)
                {
                    ResultWriter.WriteObject(new { Import = report, Duplicates = rows }, format);
                }
                else
                {
                    ResultWriter.WriteObject(report, format, title);
                    ResultWriter.WriteRows(rows, format, duplicates == OnDuplicate.Merge
                        ? $"{found.Count} new customer(s) merged into the stored customer they duplicate (undo: valora merge undo <MergeId>)"
                        : $"{found.Count} new customer(s) look like stored ones (scoring {threshold.ToString(CultureInfo.InvariantCulture)} or more); nothing merged");
                }
            }
            if (s.Read > 0 && s.Rejected >= s.Read)
            {
                // Nothing was accepted: a script must not take this for success.
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"valora: error: no row was imported: all {s.Read} rows were rejected (see {result.RejectsPath})."));
                return 1;
            }
            return 0;
        });
        return command;
    }

    static char? ParseDelimiter(string? value) => value switch
    {
        null or "" or "auto" => null,
        "tab" or "\\t" or "\t" => '\t',
        "space" or "whitespace" or " " => DelimitedFile.Whitespace,
        { Length: 1 } c => c[0],
        _ => throw new ArgumentException($"--delimiter must be one character, 'tab' or 'space' (got '{value}')."),
    };

    sealed record DuplicateRow(string New, string Existing, double Score, string Matched, string? NewName, string? ExistingName, long? MergeId);

    sealed record ImportReport(string Kind, long Read, long Inserted, long Updated, long Unchanged, long Rejected, long Lines,
        long CustomersCreated, long ProductsCreated, long ProductsUpdated, string RejectedByRule, string Filled,
        double Seconds, double RowsPerSecond);
}
