using Valora.Data.Import.Records;

namespace Valora.Data.Demo;

/// <summary>
/// Writes a generated population as the CSV files the importer reads (customers, products, orders one row per line,
/// interactions, referrals, tickets, surveys), in one streaming pass over the customers. Headers are the record
/// property names in snake_case; dates are <c>yyyy-MM-dd</c>, timestamps <c>yyyy-MM-ddTHH:mm:ssZ</c> (UTC), numbers
/// invariant, enums by name, booleans <c>true</c>/<c>false</c>, missing values empty.
/// </summary>
public static class DemoCsvWriter
{
    public const string CustomersFile = "customers.csv";
    public const string ProductsFile = "products.csv";
    public const string OrdersFile = "orders.csv";
    public const string InteractionsFile = "interactions.csv";
    public const string ReferralsFile = "referrals.csv";
    public const string TicketsFile = "tickets.csv";
    public const string SurveysFile = "surveys.csv";

    /// <summary>
    /// Writes the seven files into <paramref name="directory"/> (created when missing; existing files are replaced).
    /// <paramref name="progress"/> receives the number of customers done, about every thousand customers.
    /// </summary>
    public static IReadOnlyList<DemoFileSummary> Write(DemoGenerator generator, string directory, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        string P(string file) => Path.Combine(directory, file);

        using (var products = new CsvRowWriter(P(ProductsFile), "sku,name,category,unit_cost,is_merchandise"))
        {
            foreach (var product in generator.Products())
            {
                products.Field(product.Sku).Field(product.Name).Field(product.Category).Field(product.UnitCost).Field(product.IsMerchandise).EndRow();
            }
            var productRows = products.Rows;
            products.Dispose();

            using var customers = new CsvRowWriter(P(CustomersFile),
                "external_id,name,email,phone,birth_date,gender,income,city,region,country,signup_date,acquisition_channel,acquisition_cost,email_consent,sms_consent,phone_consent");
            using var orders = new CsvRowWriter(P(OrdersFile),
                "order_id,customer_id,ordered_at,currency,channel,status,line_number,sku,quantity,unit_price,line_total,unit_cost");
            using var interactions = new CsvRowWriter(P(InteractionsFile),
                "external_id,customer_external_id,occurred_at,channel,direction,subject,text,outcome,responded");
            using var referrals = new CsvRowWriter(P(ReferralsFile), "referrer_external_id,referred_external_id,referred_on");
            using var tickets = new CsvRowWriter(P(TicketsFile),
                "external_id,customer_external_id,opened_at,kind,priority,status,subject,text,resolved_at");
            using var surveys = new CsvRowWriter(P(SurveysFile),
                "external_id,customer_external_id,instrument,question,answered_at,score,scale_min,scale_max,text");

            var orderBuffer = new List<OrderRecord>();
            var interactionBuffer = new List<InteractionRecord>();
            var ticketBuffer = new List<TicketRecord>();
            var surveyBuffer = new List<SurveyRecord>();
            var n = generator.Options.Customers;
            for (var i = 0; i < n; i++)
            {
                if ((i & 1023) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    progress?.Report(i);
                }
                var profile = generator.ProfileOf(i);
                WriteCustomer(customers, DemoGenerator.CustomerOf(profile));

                orderBuffer.Clear();
                generator.OrdersOf(profile, orderBuffer);
                foreach (var order in orderBuffer)
                {
                    WriteOrder(orders, order);
                }

                interactionBuffer.Clear();
                generator.InteractionsOf(profile, interactionBuffer);
                foreach (var x in interactionBuffer)
                {
                    interactions.Field(x.ExternalId).Field(x.CustomerExternalId).Field(x.OccurredAt).Enum(x.Channel).Enum(x.Direction)
                        .Field(x.Subject).Field(x.Text).Field(x.Outcome).Field(x.Responded).EndRow();
                }

                if (generator.ReferralOf(profile) is { } referral)
                {
                    referrals.Field(referral.ReferrerExternalId).Field(referral.ReferredExternalId).Field(referral.ReferredOn).EndRow();
                }

                ticketBuffer.Clear();
                generator.TicketsOf(profile, ticketBuffer);
                foreach (var t in ticketBuffer)
                {
                    tickets.Field(t.ExternalId).Field(t.CustomerExternalId).Field(t.OpenedAt).Enum(t.Kind).Enum(t.Priority).Enum(t.Status)
                        .Field(t.Subject).Field(t.Text).Field(t.ResolvedAt).EndRow();
                }

                surveyBuffer.Clear();
                generator.SurveysOf(profile, ticketBuffer, surveyBuffer);
                foreach (var s in surveyBuffer)
                {
                    surveys.Field(s.ExternalId).Field(s.CustomerExternalId).Field(s.Instrument).Field(s.Question).Field(s.AnsweredAt)
                        .Field(s.Score).Field(s.ScaleMin).Field(s.ScaleMax).Field(s.Text).EndRow();
                }
            }
            progress?.Report(n);

            return
            [
                new(CustomersFile, customers.Rows),
                new(ProductsFile, productRows),
                new(OrdersFile, orders.Rows),
                new(InteractionsFile, interactions.Rows),
                new(ReferralsFile, referrals.Rows),
                new(TicketsFile, tickets.Rows),
                new(SurveysFile, surveys.Rows),
            ];
        }
    }

    static void WriteCustomer(CsvRowWriter w, CustomerRecord c) =>
        w.Field(c.ExternalId).Field(c.Name).Field(c.Email).Field(c.Phone).Field(c.BirthDate).Enum(c.Gender).Field(c.Income)
            .Field(c.City).Field(c.Region).Field(c.Country).Field(c.SignupDate).Field(c.AcquisitionChannel).Field(c.AcquisitionCost)
            .Field(c.EmailConsent).Field(c.SmsConsent).Field(c.PhoneConsent).EndRow();

    static void WriteOrder(CsvRowWriter w, OrderRecord o)
    {
        foreach (var line in o.Lines)
        {
            w.Field(o.ExternalId).Field(o.CustomerExternalId).Field(o.OrderedAt).Field(o.Currency).Field(o.Channel).Enum(o.Status)
                .Field(line.LineNumber).Field(line.Sku).Field(line.Quantity).Field(line.UnitPrice).Field(line.LineTotal).Field(line.UnitCost)
                .EndRow();
        }
    }
}
