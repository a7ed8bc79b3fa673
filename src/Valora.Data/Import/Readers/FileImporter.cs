using System.Globalization;
using Valora.Data.Import.Records;
using Valora.Domain.Customers;
using Valora.Domain.Interactions;
using Valora.Domain.Sales;
using Valora.Domain.Tickets;

namespace Valora.Data.Import.Readers;

/// <summary>What a file import did and how it read the file.</summary>
public sealed record FileImportResult(ImportSummary Summary, string MappingJson, char Delimiter, bool Header, string? RejectsPath);

/// <summary>
/// Imports one delimited file: detects the layout, maps columns to fields, validates each row (bad rows go to
/// <c>&lt;file&gt;.rejects.csv</c> with line, field, rule, message and the raw line, and never stop good rows), then
/// streams the records into <see cref="ImportStore"/>.
/// </summary>
/// <remarks>
/// Orders: rows group into orders by order id (lines numbered by appearance). Rows are grouped in windows of
/// <see cref="FileImportOptions.BatchSize"/> lines, so the lines of one order may be apart in the file as long as
/// they fall in the same window; a row of an order that was already written is rejected (<c>order-split</c>; sort the
/// file by order id). Without an order id column each row is one order with id
/// <c>{customer}-{yyyyMMdd}-{n}</c> (n = occurrence of that customer and day in the file), stable across re-runs.
/// An order id starting with <c>C</c> and a digit (Online Retail) is a cancellation unless a status column says
/// otherwise; cancelled and returned orders may carry negative quantities and amounts. Line skus listed in
/// <see cref="IsMerchandiseSku"/> are non-merchandise lines. When the file has a description column, products
/// are created from the line skus (see <see cref="ImportWriteOptions.CreateProducts"/>).
/// </remarks>
public sealed class FileImporter(ValoraDatabase database, TimeProvider? time = null)
{
    /// <summary>0..1, how far through the file the reader is (for progress bars).</summary>
    public double Fraction { get; private set; }

    /// <summary>Called after each committed batch.</summary>
    public IProgress<ImportProgress>? Progress { get; init; }

    /// <summary>Called once the layout and mapping are known, with the mapping as <c>--mapping</c> JSON.</summary>
    public Action<string>? MappingResolved { get; init; }

    public async Task<FileImportResult> ImportAsync(ImportKind kind, string path, FileImportOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"File not found: {path}", path);
        }
        using var file = new DelimitedFile(path, options.Delimiter, options.Encoding);
        var first = file.Next() ?? throw new ArgumentException($"File {path} is empty.");
        var header = options.Header ?? LooksLikeHeader(kind, first, file.Delimiter, path, options.Encoding);
        var specs = (options.MappingFile is null ? [] : ColumnMapping.ReadFile(options.MappingFile)).Concat(options.Map).ToList();
        var headerNames = header ? first.Fields : null;
        var mapping = ColumnMapping.Resolve(kind, headerNames, first.Fields.Length, specs, options.DateFormat);
        var json = mapping.ToJson(headerNames);
        MappingResolved?.Invoke(json);

        using var rejects = new RejectWriter(options.RejectsPath ?? path + ".rejects.csv", explicitPath: options.RejectsPath is not null);
        rejects.DeleteStale();
        var summary = new ImportSummary { Kind = kind.ToString().ToLowerInvariant() };
        var today = System.DateOnly.FromDateTime((time ?? TimeProvider.System).GetUtcNow().UtcDateTime);
        var parser = new RowParser(mapping, options, today) { Width = first.Count };
        var store = new ImportStore(database);
        var write = new ImportWriteOptions
        {
            BatchSize = options.BatchSize,
            CreateMissingCustomers = options.CreateMissingCustomers,
            CreateProducts = mapping["description"] is not null,
            // Rows in the file, estimated from its size and the first row's: large loads defer their indexes.
            ExpectedRows = new FileInfo(path).Length / Math.Max(16, first.Raw.Length + 1),
        };
        var needsCustomers = kind is not ImportKind.Customers and not ImportKind.Products
            && !(kind == ImportKind.Orders && options.CreateMissingCustomers);
        var knownCustomers = needsCustomers ? await store.LoadCustomerIdsAsync(ct) : null;

        IEnumerable<SourceRow> Rows()
        {
            if (!header)
            {
                yield return first;
            }
            var n = 0;
            while (file.Next() is { } row)
            {
                if ((++n & 1023) == 0)
                {
                    Fraction = file.Fraction;
                }
                yield return row;
            }
            Fraction = 1;
        }

        bool Accept(Reject? error)
        {
            summary.Read++;
            if (error is null)
            {
                return true;
            }
            rejects.Write(error);
            summary.Reject(error.Rule);
            return false;
        }

        void CheckCustomer(string field, string id)
        {
            if (knownCustomers is not null && id.Length > 0 && !knownCustomers.Contains(id))
            {
                parser.Fail(field, "unknown-customer", $"no customer with id {id}");
            }
        }

        ImportSummary written;
        switch (kind)
        {
            case ImportKind.Customers:
                var customers = Flat(Rows(), parser, Accept, () => ParseCustomer(parser), c => c.ExternalId).ToList();
                customers = FillMissing(customers, options.Missing, summary);
                written = await store.UpsertCustomersAsync(customers, write, Progress, ct);
                break;
            case ImportKind.Products:
                written = await store.UpsertProductsAsync(Flat(Rows(), parser, Accept, () => ParseProduct(parser), p => p.Sku), write, Progress, ct);
                break;
            case ImportKind.Interactions:
                written = await store.UpsertInteractionsAsync(Flat(Rows(), parser, Accept, () =>
                {
                    var r = new InteractionRecord(parser.Required("interaction-id"), parser.CustomerIdOf("customer-id"),
                        parser.Date("occurred-at") ?? Missing(parser, "occurred-at"))
                    {
                        Channel = parser.Enum("channel", ("mail", InteractionChannel.Email), ("call", InteractionChannel.Phone),
                            ("text", InteractionChannel.Sms)) ?? InteractionChannel.Email,
                        Direction = parser.Enum("direction", ("in", InteractionDirection.Inbound), ("out", InteractionDirection.Outbound))
                            ?? InteractionDirection.Outbound,
                        Subject = parser.Text("subject"),
                        Text = parser.Text("text"),
                        Outcome = parser.Text("outcome"),
                        Responded = parser.Bool("responded"),
                    };
                    CheckCustomer("customer-id", r.CustomerExternalId);
                    return r;
                }, r => r.ExternalId), write, Progress, ct);
                break;
            case ImportKind.Tickets:
                written = await store.UpsertTicketsAsync(Flat(Rows(), parser, Accept, () =>
                {
                    var r = new TicketRecord(parser.Required("ticket-id"), parser.CustomerIdOf("customer-id"),
                        parser.Date("opened-at") ?? Missing(parser, "opened-at"))
                    {
                        Kind = parser.Enum<TicketKind>("kind", ("question", TicketKind.Inquiry), ("complain", TicketKind.Complaint)) ?? TicketKind.Inquiry,
                        Priority = parser.Enum<TicketPriority>("priority", ("medium", TicketPriority.Normal), ("critical", TicketPriority.Urgent)) ?? TicketPriority.Normal,
                        Status = parser.Enum<TicketStatus>("status", ("new", TicketStatus.Open), ("done", TicketStatus.Resolved)) ?? TicketStatus.Open,
                        Subject = parser.Text("subject"),
                        Text = parser.Text("text"),
                        ResolvedAt = parser.Date("resolved-at"),
                    };
                    if (r.ResolvedAt < r.OpenedAt)
                    {
                        parser.Fail("resolved-at", "resolved-before-opened", "resolved-at is before opened-at");
                    }
                    CheckCustomer("customer-id", r.CustomerExternalId);
                    return r;
                }, r => r.ExternalId), write, Progress, ct);
                break;
            case ImportKind.Surveys:
                written = await store.UpsertSurveysAsync(Flat(Rows(), parser, Accept, () => ParseSurvey(parser, CheckCustomer), r => r.ExternalId),
                    write, Progress, ct);
                break;
            case ImportKind.Referrals:
                written = await store.UpsertReferralsAsync(Flat(Rows(), parser, Accept, () =>
                {
                    var r = new ReferralRecord(parser.CustomerIdOf("referrer-id"), parser.CustomerIdOf("referred-id"),
                        parser.DateOnly("referred-on") ?? System.DateOnly.FromDateTime(Missing(parser, "referred-on")));
                    if (r.ReferrerExternalId.Length > 0 && string.Equals(r.ReferrerExternalId, r.ReferredExternalId, StringComparison.Ordinal))
                    {
                        parser.Fail("referred-id", "self-referral", "a customer cannot refer themselves");
                    }
                    CheckCustomer("referrer-id", r.ReferrerExternalId);
                    CheckCustomer("referred-id", r.ReferredExternalId);
                    return r;
                }, r => $"{r.ReferrerExternalId}|{r.ReferredExternalId}"), write, Progress, ct);
                break;
            case ImportKind.Orders:
                written = await store.UpsertOrdersAsync(Orders(Rows(), parser, Accept, CheckCustomer, options), write, Progress, ct);
                break;
            default:
                throw new ArgumentException($"Unknown import kind {kind}.", nameof(kind));
        }

        summary.Inserted = written.Inserted;
        summary.Updated = written.Updated;
        summary.Unchanged = written.Unchanged;
        summary.Lines = written.Lines;
        summary.CustomersCreated = written.CustomersCreated;
        summary.ProductsCreated = written.ProductsCreated;
        summary.ProductsUpdated = written.ProductsUpdated;
        foreach (var (rule, n) in written.RejectedByRule)
        {
            summary.Reject(rule, n);
        }
        return new FileImportResult(summary, json, file.Delimiter, header, rejects.Count > 0 ? rejects.Path : null);
    }

    static DateTime Missing(RowParser parser, string field)
    {
        if (parser.Text(field) is null)
        {
            parser.Fail(field, $"missing-{field}", $"{field} is required");
        }
        return default;
    }

    /// <summary>Validated records of a one-row-per-record kind; a key seen before in the file is rejected (<c>duplicate-id</c>).</summary>
    static IEnumerable<T> Flat<T>(IEnumerable<SourceRow> rows, RowParser parser, Func<Reject?, bool> accept, Func<T> parse, Func<T, string> key)
    {
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            parser.Start(row);
            var record = parse();
            if (parser.Error is null)
            {
                var k = key(record);
                if (seen.TryGetValue(k, out var line))
                {
                    parser.Fail("id", "duplicate-id", $"{k} already appeared on line {line.ToString(CultureInfo.InvariantCulture)}");
                }
                else
                {
                    seen[k] = row.Line;
                }
            }
            if (accept(parser.Error))
            {
                yield return record;
            }
        }
    }

    static CustomerRecord ParseCustomer(RowParser p)
    {
        var customer = ParseCustomerFields(p);
        if (customer.BirthDate > p.Today)
        {
            p.Fail("birth-date", "birth-date-in-future", string.Create(CultureInfo.InvariantCulture, $"birth-date {customer.BirthDate:yyyy-MM-dd} is after today"));
        }
        return customer;
    }

    static CustomerRecord ParseCustomerFields(RowParser p) => new(p.CustomerIdOf("customer-id"))
    {
        Name = p.Text("name"),
        Email = p.Text("email"),
        Phone = p.Text("phone"),
        BirthDate = p.DateOnly("birth-date"),
        Gender = p.Enum("gender", ("f", Gender.Female), ("m", Gender.Male), ("w", Gender.Female), ("woman", Gender.Female),
            ("man", Gender.Male), ("o", Gender.Other), ("u", Gender.Unknown), ("x", Gender.Other)) ?? Gender.Unknown,
        Income = p.Decimal("income", nonNegative: true),
        City = p.Text("city"),
        Region = p.Text("region"),
        Country = p.Text("country"),
        SignupDate = p.DateOnly("signup-date"),
        AcquisitionChannel = p.Text("acquisition-channel"),
        AcquisitionCost = p.Decimal("acquisition-cost", nonNegative: true),
        EmailConsent = p.Bool("email-consent") ?? false,
        SmsConsent = p.Bool("sms-consent") ?? false,
        PhoneConsent = p.Bool("phone-consent") ?? false,
    };

    static ProductRecord ParseProduct(RowParser p)
    {
        var sku = p.Required("sku");
        return new ProductRecord(sku)
        {
            Name = p.Text("name"),
            Category = p.Text("category"),
            UnitCost = p.Decimal("unit-cost", nonNegative: true),
            IsMerchandise = p.Bool("is-merchandise") ?? IsMerchandiseSku(sku),
        };
    }

    static SurveyRecord ParseSurvey(RowParser p, Action<string, string> checkCustomer)
    {
        var instrument = p.Required("instrument");
        var nps = string.Equals(instrument, "NPS", StringComparison.OrdinalIgnoreCase);
        var min = p.Int("scale-min") ?? (nps ? 0 : 1);
        var max = p.Int("scale-max") ?? (nps ? 10 : 5);
        var r = new SurveyRecord(p.Required("response-id"), p.CustomerIdOf("customer-id"), instrument,
            p.Required("question"), p.Date("answered-at") ?? Missing(p, "answered-at"))
        {
            Score = p.Int("score"),
            ScaleMin = min,
            ScaleMax = max,
            Text = p.Text("text"),
        };
        if (min >= max)
        {
            p.Fail("scale-max", "invalid-scale", $"scale {min}..{max} is empty");
        }
        else if (r.Score is { } s && (s < min || s > max))
        {
            p.Fail("score", "score-out-of-range", $"score {s} is outside the scale {min}..{max}");
        }
        checkCustomer("customer-id", r.CustomerExternalId);
        return r;
    }

    /// <summary>
    /// Mean or median of the known values fills the missing ones (income, acquisition cost); the summary records
    /// how many were filled with which value.
    /// </summary>
    static List<CustomerRecord> FillMissing(List<CustomerRecord> customers, MissingValuePolicy policy, ImportSummary summary)
    {
        if (policy == MissingValuePolicy.Keep)
        {
            return customers;
        }
        var income = Center(customers.Select(c => c.Income), policy);
        var cost = Center(customers.Select(c => c.AcquisitionCost), policy);
        var name = policy.ToString().ToLowerInvariant();
        var incomeFilled = income is null ? 0 : customers.Count(c => c.Income is null);
        var costFilled = cost is null ? 0 : customers.Count(c => c.AcquisitionCost is null);
        if (incomeFilled > 0)
        {
            summary.Filled.Add(string.Create(CultureInfo.InvariantCulture, $"income: {incomeFilled} × {name} {income:0.####}"));
        }
        if (costFilled > 0)
        {
            summary.Filled.Add(string.Create(CultureInfo.InvariantCulture, $"acquisition-cost: {costFilled} × {name} {cost:0.####}"));
        }
        return customers.Select(c => c with { Income = c.Income ?? income, AcquisitionCost = c.AcquisitionCost ?? cost }).ToList();
    }

    static decimal? Center(IEnumerable<decimal?> values, MissingValuePolicy policy)
    {
        var known = values.Where(v => v.HasValue).Select(v => v!.Value).Order().ToList();
        if (known.Count == 0)
        {
            return null;
        }
        if (policy == MissingValuePolicy.Mean)
        {
            return Math.Round(known.Sum() / known.Count, 4, MidpointRounding.AwayFromZero);
        }
        var mid = known.Count / 2;
        return known.Count % 2 == 1 ? known[mid] : (known[mid - 1] + known[mid]) / 2;
    }

    /// <summary>
    /// False for codes that are not goods, found in the Online Retail data: postage (<c>POST</c>, <c>DOT</c>,
    /// <c>C2</c> carriage), manual adjustments (<c>M</c>, <c>m</c>), discount (<c>D</c>), samples (<c>S</c>), bad-debt
    /// adjustment (<c>B</c>), <c>BANK CHARGES</c>, <c>AMAZONFEE</c>, <c>CRUK</c> commission, <c>PADS</c>, gift vouchers
    /// (<c>gift_0001_*</c>). Codes such as <c>DCGS0003</c> are real goods and stay merchandise.
    /// </summary>
    public static bool IsMerchandiseSku(string? sku)
    {
        if (sku is null)
        {
            return true;
        }
        var s = sku.AsSpan().Trim();
        foreach (var code in NonMerchandiseCodes)
        {
            if (s.Equals(code, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        return !s.StartsWith("GIFT_0001_", StringComparison.OrdinalIgnoreCase);
    }

    static readonly string[] NonMerchandiseCodes = ["POST", "DOT", "C2", "M", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS"];

    /// <summary>The largest quantity of one order line (either sign).</summary>
    public const int MaxQuantity = 1_000_000;

    sealed class OrderBuilder(OrderRecord header)
    {
        public OrderRecord Header { get; } = header;
        public List<OrderLineRecord> Lines { get; } = [];
    }

    IEnumerable<OrderRecord> Orders(IEnumerable<SourceRow> rows, RowParser p, Func<Reject?, bool> accept,
        Action<string, string> checkCustomer, FileImportOptions options)
    {
        var hasOrderId = p.Has("order-id");
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var window = new Dictionary<string, OrderBuilder>(StringComparer.Ordinal);
        var windowLines = 0;
        string? lastId = null;

        IEnumerable<OrderRecord> Emit()
        {
            foreach (var (id, b) in window)
            {
                written.Add(id);
                yield return b.Header with { Lines = b.Lines };
            }
            window.Clear();
            windowLines = 0;
        }

        foreach (var row in rows)
        {
            p.Start(row);
            var orderId = hasOrderId ? p.Required("order-id") : null;
            var customer = p.CustomerIdOf("customer-id");
            var at = p.Date("ordered-at") ?? Missing(p, "ordered-at");
            var status = p.Enum<OrderStatus>("status", ("canceled", OrderStatus.Cancelled), ("complete", OrderStatus.Completed),
                ("return", OrderStatus.Returned), ("refunded", OrderStatus.Returned), ("open", OrderStatus.Pending))
                ?? (orderId is { Length: > 1 } && (orderId[0] == 'C' || orderId[0] == 'c') && char.IsAsciiDigit(orderId[1])
                    ? OrderStatus.Cancelled
                    : OrderStatus.Completed);
            var reversal = status is OrderStatus.Cancelled or OrderStatus.Returned;
            var quantity = p.Has("quantity") ? p.Int("quantity", -MaxQuantity, MaxQuantity) : 1;
            if (quantity is null && p.Error is null)
            {
                p.Fail("quantity", "missing-quantity", "quantity is required");
            }
            if (quantity < 0 && !reversal)
            {
                p.Fail("quantity", "negative-quantity", $"quantity {quantity} is negative on an order that is not a cancellation or return");
            }
            var price = p.Decimal("unit-price", nonNegative: !reversal);
            var total = p.Decimal("line-total", nonNegative: !reversal);
            var cost = p.Decimal("unit-cost", nonNegative: true);
            if (price is null && total is null && p.Error is null)
            {
                p.Fail(p.Has("unit-price") ? "unit-price" : "line-total", "missing-price", "neither unit-price nor line-total is given");
            }
            if (price is { } up && total is null && quantity is { } qq && Math.Abs(up * qq) >= RowParser.MoneyLimit)
            {
                p.Fail("unit-price", "out-of-range", string.Create(CultureInfo.InvariantCulture,
                    $"quantity × unit-price = {up * qq} is outside the range ±999,999,999.9999 of a line total"));
            }
            var currency = p.Text("currency") ?? options.Currency;
            if (currency.Length != 3)
            {
                p.Fail("currency", "invalid-currency", $"currency '{currency}' is not a 3-letter ISO code");
            }
            checkCustomer("customer-id", customer);
            if (p.Error is null)
            {
                if (orderId is null)
                {
                    var day = at.TimeOfDay == TimeSpan.Zero ? at.ToString("yyyyMMdd", CultureInfo.InvariantCulture) : at.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
                    var key = $"{customer}-{day}";
                    var n = occurrences.GetValueOrDefault(key) + 1;
                    occurrences[key] = n;
                    orderId = string.Create(CultureInfo.InvariantCulture, $"{key}-{n}");
                }
                else if (written.Contains(orderId))
                {
                    p.Fail("order-id", "order-split", $"order {orderId} continues here after its earlier lines were written; sort the file by order id");
                }
            }
            if (!accept(p.Error))
            {
                continue;
            }
            if (!string.Equals(orderId, lastId, StringComparison.Ordinal) && windowLines >= options.BatchSize)
            {
                foreach (var o in Emit())
                {
                    yield return o;
                }
            }
            lastId = orderId;
            if (!window.TryGetValue(orderId!, out var builder))
            {
                builder = new OrderBuilder(new OrderRecord(orderId!, customer, at)
                {
                    Currency = currency.ToUpperInvariant(),
                    Channel = p.Text("channel"),
                    Status = status,
                });
                window[orderId!] = builder;
            }
            var q = quantity!.Value;
            var unit = price ?? (q != 0 ? Math.Round(total!.Value / q, 4, MidpointRounding.AwayFromZero) : total!.Value);
            var sku = p.Text("sku");
            builder.Lines.Add(new OrderLineRecord(builder.Lines.Count + 1, sku, q, unit, total ?? q * unit)
            {
                UnitCost = cost,
                IsMerchandise = IsMerchandiseSku(sku),
                Description = p.Text("description"),
            });
            windowLines++;
            if (!hasOrderId && windowLines >= options.BatchSize)
            {
                foreach (var o in Emit())
                {
                    yield return o;
                }
            }
        }
        foreach (var o in Emit())
        {
            yield return o;
        }
    }

    static bool LooksLikeHeader(ImportKind kind, SourceRow first, char delimiter, string path, System.Text.Encoding? encoding)
    {
        var catalog = FieldCatalog.For(kind);
        var names = first.Fields.Select(FieldCatalog.Normalize).ToList();
        if (names.Any(n => catalog.Any(f => FieldCatalog.Normalize(f.Name) == n || f.Aliases.Contains(n, StringComparer.Ordinal))))
        {
            return true;
        }
        // No known name: a header has no numbers while data rows usually do.
        return first.Fields.All(f => !decimal.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            && first.Fields.Any(f => f.Trim().Length > 0);
    }
}
