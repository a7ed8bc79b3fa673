using System.Globalization;
using Valora.Data.Import.Records;
using Valora.Domain.Customers;
using Valora.Domain.Interactions;
using Valora.Domain.Pipeline;
using Valora.Domain.Sales;
using Valora.Domain.Tickets;

namespace Valora.Data.Demo;

/// <summary>
/// Generates a deterministic, realistic demo population as streams of import records (see <see cref="DemoOptions"/>
/// for the purchase and spend model). Each customer's records come from random streams seeded by (seed, customer
/// index, kind), so every stream can be enumerated on its own, nothing is held in memory beyond one customer, and the
/// same seed always gives the same records.
/// </summary>
/// <remarks>
/// Demographics correlate with value without distorting the BG/NBD and Gamma-Gamma margins: λ, p and ν are drawn
/// first and a standardised value score (log λ and −log ν, standardised with ψ and ψ′) then tilts income, acquisition
/// channel, tags and responsiveness. Signup dates increase with the customer index, so external ids are in signup
/// order and a referrer (an earlier-day customer, the most valuable of three candidates) always signed up before the
/// customer they referred. Each customer's first order is on the signup day; repeat orders follow while alive.
/// </remarks>
public sealed class DemoGenerator
{
    const int ProfileStream = 0;
    const int OrderStream = 1;
    const int InteractionStream = 2;
    const int TicketStream = 3;
    const int SurveyStream = 4;
    const int ReferralStream = 5;
    const int OpportunityStream = 6;
    const int CampaignStream = 7;
    const int TagStream = 8;

    static readonly string[] CampaignChannels = ["email", "sms", "email", "direct mail"];
    static readonly string[] CampaignSegments = ["All customers", "High value", "New customers", "Low value"];
    static readonly string[] CampaignThemes = ["Spring sale", "Summer offers", "Back to school", "Autumn favourites", "Black Friday", "Holiday gifts", "New year"];

    readonly DemoOptions _o;
    readonly DemoCatalogue _catalogue;
    readonly DateTime _start;
    readonly DateTime _end;
    readonly int _days;
    readonly double _meanLogLambda;
    readonly double _sdLogLambda;
    readonly double _meanLogNu;
    readonly double _sdLogNu;
    readonly double[] _placeCumulative;
    readonly DemoCampaign[] _campaigns;

    public DemoGenerator(DemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _o = options;
        _catalogue = new DemoCatalogue(options.Seed, options.ProductsPerCategory);
        _start = options.StartDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        _end = options.End.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        _days = options.End.DayNumber - options.StartDate.DayNumber + 1;
        // E[log X] = ψ(k) − log θ and Var[log X] = ψ′(k) for X ~ Gamma(shape k, rate θ).
        _meanLogLambda = DemoMath.Digamma(options.R) - Math.Log(options.Alpha);
        _sdLogLambda = Math.Sqrt(DemoMath.Trigamma(options.R));
        _meanLogNu = DemoMath.Digamma(options.SpendShapeQ) - Math.Log(options.SpendGamma);
        _sdLogNu = Math.Sqrt(DemoMath.Trigamma(options.SpendShapeQ));
        _placeCumulative = Cumulative(DemoText.Places.Select(p => p.Weight));
        _campaigns = BuildCampaigns();
    }

    /// <summary>Prefix of generated opportunity external ids; the extras loader replaces rows with it.</summary>
    public const string OpportunityPrefix = "demo-opp-";

    /// <summary>Prefix of generated campaign external ids; the extras loader replaces campaigns with it.</summary>
    public const string CampaignPrefix = "demo-cmp-";

    public DemoOptions Options => _o;

    /// <summary>The instant the history ends (exclusive): midnight UTC after <see cref="DemoOptions.End"/>.</summary>
    public DateTime EndInstant => _end;

    /// <summary>External id of the customer with the given zero-based index.</summary>
    public static string CustomerExternalId(int index) => string.Create(CultureInfo.InvariantCulture, $"C{index + 1:D7}");

    public IReadOnlyList<ProductRecord> Products() => _catalogue.ToRecords();

    public IReadOnlyList<DemoCampaign> Campaigns() => _campaigns;

    public IEnumerable<CustomerRecord> Customers()
    {
        for (var i = 0; i < _o.Customers; i++)
        {
            yield return CustomerOf(ProfileOf(i));
        }
    }

    public IEnumerable<OrderRecord> Orders() => PerCustomer<OrderRecord>(OrdersOf);

    public IEnumerable<InteractionRecord> Interactions() => PerCustomer<InteractionRecord>(InteractionsOf);

    public IEnumerable<TicketRecord> Tickets() => PerCustomer<TicketRecord>(TicketsOf);

    public IEnumerable<SurveyRecord> Surveys()
    {
        var tickets = new List<TicketRecord>();
        return PerCustomer<SurveyRecord>((p, into) =>
        {
            tickets.Clear();
            TicketsOf(p, tickets);
            SurveysOf(p, tickets, into);
        });
    }

    public IEnumerable<ReferralRecord> Referrals()
    {
        for (var i = 0; i < _o.Customers; i++)
        {
            if (ReferralOf(ProfileOf(i)) is { } referral)
            {
                yield return referral;
            }
        }
    }

    public IEnumerable<DemoOpportunity> Opportunities() => PerCustomer<DemoOpportunity>(OpportunitiesOf);

    public IEnumerable<DemoCampaignMember> CampaignMembers() => PerCustomer<DemoCampaignMember>(CampaignMembersOf);

    public IEnumerable<DemoCustomerTag> CustomerTags() => PerCustomer<DemoCustomerTag>(TagsOf);

    IEnumerable<T> PerCustomer<T>(Action<DemoCustomerProfile, List<T>> produce)
    {
        var buffer = new List<T>();
        for (var i = 0; i < _o.Customers; i++)
        {
            buffer.Clear();
            produce(ProfileOf(i), buffer);
            foreach (var item in buffer)
            {
                yield return item;
            }
        }
    }

    /// <summary>Zero-based signup day of customer <paramref name="index"/>: signups spread evenly over the history.</summary>
    internal int SignupDay(long index) => (int)((2 * index + 1) * _days / (2L * _o.Customers));

    /// <summary>The smallest customer index whose signup day is <paramref name="day"/> or later.</summary>
    internal int FirstIndexOnOrAfter(int day)
    {
        var j = (int)Math.Max(0, Math.Ceiling((2.0 * day * _o.Customers - _days) / (2.0 * _days)));
        while (j > 0 && SignupDay(j - 1) >= day)
        {
            j--;
        }
        while (j < _o.Customers && SignupDay(j) < day)
        {
            j++;
        }
        return j;
    }

    /// <summary>Every this-many-th customer is a planted duplicate of the one before it (<see cref="IsPlantedDuplicate"/>).</summary>
    public const int PlantedDuplicateSpacing = 100;

    /// <summary>
    /// Whether customer <paramref name="index"/> is a planted duplicate of customer <c>index − 1</c>: the same person
    /// entered twice, with an order history of their own. Three kinds in turn: the same name, e-mail and phone written
    /// differently (capitals and a <c>+tag</c> in the address, the number with a <c>00</c> prefix and no spaces); a typo in the
    /// surname (two letters swapped) with the same phone and an address of its own; the name in reverse order with
    /// the same e-mail and a phone of its own. Only the name, gender, e-mail and phone are replaced, so every other
    /// customer and every other drawn trait is what it would be without them.
    /// </summary>
    public static bool IsPlantedDuplicate(int index) => index % PlantedDuplicateSpacing == PlantedDuplicateSpacing - 1;

    internal DemoCustomerProfile ProfileOf(int index) =>
        IsPlantedDuplicate(index) ? PlantDuplicate(DrawProfile(index), DrawProfile(index - 1)) : DrawProfile(index);

    static DemoCustomerProfile PlantDuplicate(DemoCustomerProfile own, DemoCustomerProfile of)
    {
        var email = GeneratedEmail(of);
        switch (own.Index / PlantedDuplicateSpacing % 3)
        {
            case 0:
                var at = email.IndexOf('@', StringComparison.Ordinal);
                return own with
                {
                    FirstName = of.FirstName, LastName = of.LastName, Gender = of.Gender,
                    Email = char.ToUpperInvariant(email[0]) + email[1..at] + "+shop" + email[at..],
                    Phone = "00" + new string([.. of.Phone.Where(char.IsAsciiDigit)]),
                };
            case 1:
                var last = of.LastName;
                var typo = last.Length >= 4 ? last[..^3] + last[^2] + last[^3] + last[^1] : last + last[^1];
                return own with { FirstName = of.FirstName, LastName = typo, Gender = of.Gender, Phone = of.Phone.Replace(' ', '-') };
            default:
                return own with { FirstName = of.LastName, LastName = of.FirstName, Gender = of.Gender, Email = email };
        }
    }

    static string GeneratedEmail(DemoCustomerProfile p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.FirstName.ToLowerInvariant()}.{p.LastName.ToLowerInvariant()}.{p.Index + 1}@example.com");

    DemoCustomerProfile DrawProfile(int index)
    {
        var rng = DemoRandom.For(_o.Seed, index, ProfileStream);
        var lambda = rng.Gamma(_o.R, _o.Alpha);
        var dropout = rng.Beta(_o.A, _o.B);
        var nu = rng.Gamma(_o.SpendShapeQ, _o.SpendGamma);
        var zLambda = (Math.Log(Math.Max(lambda, 1e-300)) - _meanLogLambda) / _sdLogLambda;
        var zSpend = -(Math.Log(nu) - _meanLogNu) / _sdLogNu;
        var value = Math.Clamp((zLambda + zSpend) / Math.Sqrt(2), -3.5, 3.5);
        var satisfaction = rng.Normal();
        var responsiveness = 0.3 * value + Math.Sqrt(1 - 0.09) * rng.Normal();

        var u = rng.NextDouble();
        var gender = u < 0.49 ? Gender.Female : u < 0.97 ? Gender.Male : u < 0.98 ? Gender.Other : Gender.Unknown;
        var firstName = gender switch
        {
            Gender.Female => rng.Pick(DemoText.FemaleNames),
            Gender.Male => rng.Pick(DemoText.MaleNames),
            _ => rng.Chance(0.5) ? rng.Pick(DemoText.FemaleNames) : rng.Pick(DemoText.MaleNames),
        };
        var lastName = rng.Pick(DemoText.Surnames);
        var place = rng.Pick(_placeCumulative);
        var age = (int)Math.Min(90, 18 + rng.Gamma(2.6, 0.11));

        // Income: log-normal around the city's level, rising with the value score, peaking mid-career.
        var ageTerm = -0.3 * Math.Pow((age - 48) / 20.0, 2);
        var logIncome = Math.Log(42_000 * DemoText.Places[place].IncomeLevel) + ageTerm + 0.45 * (0.6 * value + 0.8 * rng.Normal());
        decimal? income = rng.Chance(0.05) ? null : (decimal)(Math.Round(Math.Exp(logIncome) / 100) * 100);

        var day = SignupDay(index);
        var isReferred = rng.Chance(_o.ReferralShare) && FirstIndexOnOrAfter(day) > 0;
        string channel;
        double cost;
        if (isReferred)
        {
            channel = DemoText.ReferralChannel;
            cost = 15;
        }
        else
        {
            var weights = new double[DemoText.AcquisitionChannels.Length];
            var total = 0.0;
            for (var c = 0; c < weights.Length; c++)
            {
                var (_, w, tilt, _) = DemoText.AcquisitionChannels[c];
                total += w * Math.Exp(tilt * value);
                weights[c] = total;
            }
            var pick = rng.Pick(weights);
            channel = DemoText.AcquisitionChannels[pick].Name;
            cost = DemoText.AcquisitionChannels[pick].MeanCost * Math.Exp(0.35 * rng.Normal() - 0.06);
        }
        var signupDate = _o.StartDate.AddDays(day);
        var phonePrefix = DemoText.Places[place].Country switch
        {
            "GB" => "+44",
            "DE" => "+49",
            "FR" => "+33",
            "IE" => "+353",
            "NL" => "+31",
            _ => "+1",
        };
        var phone = string.Create(CultureInfo.InvariantCulture, $"{phonePrefix} 555 {rng.NextInt(1_000_000, 10_000_000)}");

        return new DemoCustomerProfile
        {
            Index = index,
            ExternalId = CustomerExternalId(index),
            SignupDate = signupDate,
            SignupAt = _start.AddDays(day),
            Lambda = lambda,
            DropoutProbability = dropout,
            Nu = nu,
            Value = value,
            Satisfaction = satisfaction,
            Responsiveness = responsiveness,
            Gender = gender,
            FirstName = firstName,
            LastName = lastName,
            Age = age,
            BirthDate = signupDate.AddYears(-age).AddDays(-rng.NextInt(365)),
            Income = income,
            Place = place,
            Phone = phone,
            AcquisitionChannel = channel,
            AcquisitionCost = decimal.Round((decimal)cost, 2),
            IsReferred = isReferred,
            EmailConsent = rng.Chance(DemoMath.Logistic(1.0 + 0.5 * responsiveness)),
            SmsConsent = rng.Chance(DemoMath.Logistic(-0.6 + 0.5 * responsiveness)),
            PhoneConsent = rng.Chance(DemoMath.Logistic(-1.0 + 0.3 * responsiveness)),
            FavouriteCategory = _catalogue.PickCategory(rng),
            PreferredOrderChannel = rng.Pick(DemoText.OrderChannelCumulative),
        };
    }

    internal static CustomerRecord CustomerOf(DemoCustomerProfile p)
    {
        var place = DemoText.Places[p.Place];
        return new CustomerRecord(p.ExternalId)
        {
            Name = $"{p.FirstName} {p.LastName}",
            Email = p.Email ?? GeneratedEmail(p),
            Phone = p.Phone,
            BirthDate = p.BirthDate,
            Gender = p.Gender,
            Income = p.Income,
            City = place.City,
            Region = place.Region,
            Country = place.Country,
            SignupDate = p.SignupDate,
            AcquisitionChannel = p.AcquisitionChannel,
            AcquisitionCost = p.AcquisitionCost,
            EmailConsent = p.EmailConsent,
            SmsConsent = p.SmsConsent,
            PhoneConsent = p.PhoneConsent,
        };
    }

    /// <summary>
    /// BG/NBD purchases: the first order on the signup day, then exponential gaps with rate λ (weeks) while alive; after
    /// each repeat purchase the customer drops out with probability p. Each order's value is Gamma(p, ν), filled with
    /// products until the basket reaches it, and prices scaled so the lines add up to it.
    /// </summary>
    internal void OrdersOf(DemoCustomerProfile p, List<OrderRecord> into)
    {
        var rng = DemoRandom.For(_o.Seed, p.Index, OrderStream);
        var first = p.SignupAt.AddSeconds(rng.NextInt(7 * 3600, 23 * 3600));
        var horizonWeeks = (_end - first).TotalDays / 7;
        var number = 1;
        into.Add(MakeOrder(p, rng, first, number));
        var t = 0.0;
        while (true)
        {
            t += rng.Exponential(p.Lambda);
            if (t >= horizonWeeks)
            {
                break;
            }
            into.Add(MakeOrder(p, rng, first.AddSeconds(Math.Floor(t * 7 * 86400)), ++number));
            // BG/NBD: the customer may drop out right after each repeat purchase (never after the first).
            if (rng.Chance(p.DropoutProbability))
            {
                break;
            }
        }
    }

    OrderRecord MakeOrder(DemoCustomerProfile p, DemoRandom rng, DateTime at, int number)
    {
        var value = rng.Gamma(_o.SpendShapeP, p.Nu);
        var lines = new List<OrderLineRecord>(6);
        Span<int> products = stackalloc int[40];
        Span<int> quantities = stackalloc int[40];
        var count = 0;
        var running = 0.0;
        var product = _catalogue.PickProduct(rng, rng.Chance(0.5) ? p.FavouriteCategory : _catalogue.PickCategory(rng));
        while (count < products.Length)
        {
            var price = _catalogue.ListPrice[product];
            var quantity = price < 6 && rng.Chance(0.3) ? rng.NextInt(2, 4) : 1;
            var add = price * quantity;
            // Stop before an item that would overshoot the order value by more than stopping short would undershoot it.
            if (count > 0 && running + add > value && running + add - value > value - running)
            {
                break;
            }
            var existing = products[..count].IndexOf(product);
            if (existing >= 0)
            {
                quantities[existing] += quantity;
            }
            else
            {
                products[count] = product;
                quantities[count] = quantity;
                count++;
            }
            running += add;
            if (running >= value)
            {
                break;
            }
            product = _catalogue.NextProduct(rng, product);
        }
        var scale = value / running;
        for (var k = 0; k < count; k++)
        {
            var id = products[k];
            var unitPrice = Math.Max(0.01m, decimal.Round((decimal)(_catalogue.ListPrice[id] * scale), 2));
            lines.Add(new OrderLineRecord(k + 1, _catalogue.Skus[id], quantities[k], unitPrice, unitPrice * quantities[k])
            {
                UnitCost = _catalogue.UnitCost[id],
            });
        }

        var channel = rng.Chance(0.7) ? p.PreferredOrderChannel : rng.Pick(DemoText.OrderChannelCumulative);
        var status = OrderStatus.Completed;
        var u = rng.NextDouble();
        var returnShare = _o.ReturnedShare * 2 * DemoMath.Logistic(-0.8 * p.Satisfaction);
        if ((_end - at).TotalDays < 3 && u < 0.3)
        {
            status = OrderStatus.Pending;
        }
        else if (u < _o.CancelledShare)
        {
            status = OrderStatus.Cancelled;
        }
        else if (u < _o.CancelledShare + returnShare)
        {
            status = OrderStatus.Returned;
        }
        return new OrderRecord(string.Create(CultureInfo.InvariantCulture, $"O{p.Index + 1:D7}-{number:D3}"), p.ExternalId, at)
        {
            Currency = _o.Currency,
            Channel = DemoText.OrderChannels[channel],
            Status = status,
            Lines = lines,
        };
    }

    double TenureDays(DemoCustomerProfile p) => (_end - p.SignupAt).TotalDays;

    DateTime RandomTimeInTenure(DemoCustomerProfile p, DemoRandom rng) =>
        p.SignupAt.AddSeconds(Math.Floor(rng.NextDouble() * TenureDays(p) * 86400));

    /// <summary>
    /// Outbound messages whose wording drives the response (logit −2 + 1.3·offer + 0.6·urgency + 0.3·personal
    /// + 0.6·responsiveness + channel), sent only on consented channels; and inbound contacts (no response flag).
    /// </summary>
    internal void InteractionsOf(DemoCustomerProfile p, List<InteractionRecord> into)
    {
        var rng = DemoRandom.For(_o.Seed, p.Index, InteractionStream);
        var n = rng.Poisson(_o.InteractionsPerYear * TenureDays(p) / 365.25);
        if (n == 0)
        {
            return;
        }
        Span<long> ticks = stackalloc long[Math.Min(n, 256)];
        n = ticks.Length;
        for (var k = 0; k < n; k++)
        {
            ticks[k] = RandomTimeInTenure(p, rng).Ticks;
        }
        ticks.Sort();
        for (var k = 0; k < n; k++)
        {
            var at = new DateTime(ticks[k], DateTimeKind.Utc);
            var id = string.Create(CultureInfo.InvariantCulture, $"I{p.Index + 1:D7}-{k + 1:D3}");
            var outboundChannel = OutboundChannel(p, rng);
            if (rng.Chance(0.7) && outboundChannel is { } channel)
            {
                var offer = rng.Chance(0.45);
                var urgency = rng.Chance(0.3);
                var personal = rng.Chance(0.5);
                var body = offer ? rng.Pick(DemoText.OfferPhrases) : rng.Pick(DemoText.NeutralPhrases);
                var greeting = personal ? $"{rng.Pick(DemoText.Greetings)} {p.FirstName}" : "Hello there";
                var text = $"{greeting}, {body}.{(urgency ? " " + rng.Pick(DemoText.UrgencyPhrases) : "")}";
                var channelEffect = channel switch
                {
                    InteractionChannel.Phone => 0.6,
                    InteractionChannel.Sms => -0.2,
                    _ => 0.0,
                };
                var logit = -2.0 + 1.3 * (offer ? 1 : 0) + 0.6 * (urgency ? 1 : 0) + 0.3 * (personal ? 1 : 0) + 0.6 * p.Responsiveness + channelEffect;
                var responded = rng.Chance(DemoMath.Logistic(logit));
                into.Add(new InteractionRecord(id, p.ExternalId, at)
                {
                    Channel = channel,
                    Direction = InteractionDirection.Outbound,
                    Subject = offer ? "A special offer for you" : "News from the store",
                    Text = text,
                    Outcome = responded
                        ? channel == InteractionChannel.Phone ? "interested" : rng.Chance(0.4) ? "purchased" : "clicked"
                        : channel == InteractionChannel.Phone ? "no answer" : "no response",
                    Responded = responded,
                });
            }
            else
            {
                var u = rng.NextDouble();
                var channelIn = u < 0.35 ? InteractionChannel.Chat
                    : u < 0.6 ? InteractionChannel.Phone
                    : u < 0.8 ? InteractionChannel.Email
                    : u < 0.95 ? InteractionChannel.Visit
                    : InteractionChannel.Meeting;
                var (subject, text) = rng.Pick(DemoText.InboundTopics);
                into.Add(new InteractionRecord(id, p.ExternalId, at)
                {
                    Channel = channelIn,
                    Direction = InteractionDirection.Inbound,
                    Subject = subject,
                    Text = text,
                    Outcome = "answered",
                });
            }
        }
    }

    static InteractionChannel? OutboundChannel(DemoCustomerProfile p, DemoRandom rng)
    {
        var email = p.EmailConsent ? 0.65 : 0;
        var sms = p.SmsConsent ? 0.2 : 0;
        var phone = p.PhoneConsent ? 0.15 : 0;
        var total = email + sms + phone;
        if (total == 0)
        {
            return null;
        }
        var u = rng.NextDouble() * total;
        return u < email ? InteractionChannel.Email : u < email + sms ? InteractionChannel.Sms : InteractionChannel.Phone;
    }

    /// <summary>Tickets at a rate rising as satisfaction falls; complaints are likelier for dissatisfied customers.</summary>
    internal void TicketsOf(DemoCustomerProfile p, List<TicketRecord> into)
    {
        var rng = DemoRandom.For(_o.Seed, p.Index, TicketStream);
        // exp(−0.5·s) has mean exp(0.125) for s ~ N(0, 1), so the average rate is TicketsPerYear.
        var rate = _o.TicketsPerYear * Math.Exp(-0.5 * p.Satisfaction - 0.125);
        var n = Math.Min(64, rng.Poisson(rate * TenureDays(p) / 365.25));
        if (n == 0)
        {
            return;
        }
        Span<long> ticks = stackalloc long[n];
        for (var k = 0; k < n; k++)
        {
            ticks[k] = RandomTimeInTenure(p, rng).Ticks;
        }
        ticks.Sort();
        for (var k = 0; k < n; k++)
        {
            var opened = new DateTime(ticks[k], DateTimeKind.Utc);
            var kind = rng.Chance(DemoMath.Logistic(-1.2 - 0.9 * p.Satisfaction))
                ? TicketKind.Complaint
                : rng.Chance(0.65) ? TicketKind.Inquiry : TicketKind.Feedback;
            var u = rng.NextDouble();
            var priority = kind == TicketKind.Complaint
                ? u < 0.1 ? TicketPriority.Normal : u < 0.7 ? TicketPriority.High : TicketPriority.Urgent
                : u < 0.4 ? TicketPriority.Low : u < 0.95 ? TicketPriority.Normal : TicketPriority.High;
            var meanHours = priority switch
            {
                TicketPriority.Urgent => 4.0,
                TicketPriority.High => 24.0,
                TicketPriority.Normal => 40.0,
                _ => 72.0,
            };
            var resolvedAt = opened.AddSeconds(Math.Floor(rng.Gamma(1.5, 1.5 / meanHours) * 3600));
            DateTime? resolved = resolvedAt < _end && !rng.Chance(0.03) ? resolvedAt : null;
            var status = resolved is null
                ? rng.Chance(0.5) ? TicketStatus.Open : TicketStatus.InProgress
                : rng.Chance(0.7) ? TicketStatus.Resolved : TicketStatus.Closed;
            var (subject, text) = kind switch
            {
                TicketKind.Complaint => rng.Pick(DemoText.ComplaintTopics),
                TicketKind.Inquiry => rng.Pick(DemoText.InquiryTopics),
                _ => rng.Pick(DemoText.FeedbackTopics),
            };
            into.Add(new TicketRecord(string.Create(CultureInfo.InvariantCulture, $"T{p.Index + 1:D7}-{k + 1:D2}"), p.ExternalId, opened)
            {
                Kind = kind,
                Priority = priority,
                Status = status,
                Subject = subject,
                Text = text,
                ResolvedAt = resolved,
            });
        }
    }

    /// <summary>
    /// NPS (0–10) and CSAT (Likert 1–5) answers: higher with satisfaction and value, lower by about 1.8 NPS points
    /// (0.8 CSAT points) for each complaint the customer opened before answering.
    /// </summary>
    internal void SurveysOf(DemoCustomerProfile p, IReadOnlyList<TicketRecord> tickets, List<SurveyRecord> into)
    {
        var rng = DemoRandom.For(_o.Seed, p.Index, SurveyStream);
        if (!rng.Chance(Math.Min(1, _o.SurveyShare * 2 * DemoMath.Logistic(0.3 * p.Responsiveness))))
        {
            return;
        }
        var answeredAt = RandomTimeInTenure(p, rng);
        var complaints = 0;
        foreach (var ticket in tickets)
        {
            if (ticket.Kind == TicketKind.Complaint && ticket.OpenedAt < answeredAt)
            {
                complaints++;
            }
        }
        var nps = (int)Math.Clamp(Math.Round(7.0 + 1.5 * p.Satisfaction + 0.3 * p.Value - 1.8 * complaints + 1.2 * rng.Normal()), 0, 10);
        string? comment = null;
        if (rng.Chance(0.25))
        {
            comment = nps >= 8 ? rng.Pick(DemoText.PositiveComments) : nps <= 5 ? rng.Pick(DemoText.NegativeComments) : null;
        }
        var prefix = string.Create(CultureInfo.InvariantCulture, $"S{p.Index + 1:D7}");
        into.Add(new SurveyRecord(prefix + "-1", p.ExternalId, "NPS", "How likely are you to recommend us to a friend or colleague?", answeredAt)
        {
            Score = nps,
            ScaleMin = 0,
            ScaleMax = 10,
            Text = comment,
        });
        if (rng.Chance(0.7))
        {
            var csat = (int)Math.Clamp(Math.Round(3.6 + 0.7 * p.Satisfaction + 0.15 * p.Value - 0.8 * complaints + 0.6 * rng.Normal()), 1, 5);
            into.Add(new SurveyRecord(prefix + "-2", p.ExternalId, "CSAT", "Overall, how satisfied are you with our service?", answeredAt.AddMinutes(1))
            {
                Score = csat,
                ScaleMin = 1,
                ScaleMax = 5,
            });
        }
    }

    /// <summary>The referral of a referred customer: the most valuable of three customers who signed up on an earlier day.</summary>
    internal ReferralRecord? ReferralOf(DemoCustomerProfile p)
    {
        if (!p.IsReferred)
        {
            return null;
        }
        var rng = DemoRandom.For(_o.Seed, p.Index, ReferralStream);
        var earlier = FirstIndexOnOrAfter(SignupDay(p.Index));
        DemoCustomerProfile? best = null;
        for (var k = 0; k < 3; k++)
        {
            var candidate = ProfileOf(rng.NextInt(earlier));
            if (best is null || candidate.Value > best.Value)
            {
                best = candidate;
            }
        }
        return new ReferralRecord(best!.ExternalId, p.ExternalId, p.SignupDate);
    }

    internal void OpportunitiesOf(DemoCustomerProfile p, List<DemoOpportunity> into)
    {
        var rng = DemoRandom.For(_o.Seed, p.Index, OpportunityStream);
        if (!rng.Chance(Math.Min(1, _o.OpportunityShare * 2 * DemoMath.Logistic(0.8 * p.Value))))
        {
            return;
        }
        var n = rng.Chance(0.2) ? 2 : 1;
        for (var k = 0; k < n; k++)
        {
            var created = RandomTimeInTenure(p, rng);
            var ageDays = (_end - created).TotalDays;
            OpportunityStage stage;
            if (ageDays > 90 || rng.Chance(ageDays / 120))
            {
                stage = rng.Chance(DemoMath.Logistic(-0.3 + 0.5 * p.Value)) ? OpportunityStage.Won : OpportunityStage.Lost;
            }
            else
            {
                stage = (OpportunityStage)rng.NextInt(4);
            }
            var probability = stage switch
            {
                OpportunityStage.Prospecting => 0.1,
                OpportunityStage.Qualification => 0.25,
                OpportunityStage.Proposal => 0.5,
                OpportunityStage.Negotiation => 0.75,
                OpportunityStage.Won => 1.0,
                _ => 0.0,
            };
            var amount = decimal.Round((decimal)rng.Gamma(2, 2 / (3000 * Math.Exp(0.3 * p.Value))), 2);
            var expectedClose = DateOnly.FromDateTime(created).AddDays(rng.NextInt(30, 121));
            var closeTime = expectedClose.ToDateTime(new TimeOnly(17, 0), DateTimeKind.Utc);
            var lastMoment = _end.AddSeconds(-1) > created ? _end.AddSeconds(-1) : created;
            DateTime? closedAt = stage is OpportunityStage.Won or OpportunityStage.Lost
                ? (closeTime < lastMoment ? closeTime : lastMoment)
                : null;
            into.Add(new DemoOpportunity(
                string.Create(CultureInfo.InvariantCulture, $"{OpportunityPrefix}{p.Index + 1:D7}-{k + 1}"),
                p.ExternalId,
                $"{rng.Pick(DemoText.OpportunityKinds)} — {p.LastName}",
                stage,
                amount,
                probability,
                expectedClose,
                rng.Pick(DemoText.Owners),
                created,
                closedAt));
        }
    }

    DemoCampaign[] BuildCampaigns()
    {
        var rng = DemoRandom.For(_o.Seed, -1, CampaignStream);
        var list = new DemoCampaign[_o.Campaigns];
        for (var c = 0; c < list.Length; c++)
        {
            var starts = _o.StartDate.AddDays((int)((c + 1L) * _days / (list.Length + 1)));
            var theme = CampaignThemes[(starts.Month - 1) * CampaignThemes.Length / 12];
            list[c] = new DemoCampaign(
                string.Create(CultureInfo.InvariantCulture, $"{CampaignPrefix}{c + 1:D3}"),
                string.Create(CultureInfo.InvariantCulture, $"{theme} {starts.Year}"),
                CampaignChannels[c % CampaignChannels.Length],
                CampaignSegments[c % CampaignSegments.Length],
                Math.Round(5_000m + 500m * rng.NextInt(0, 20), 0),
                starts,
                starts.AddDays(14));
        }
        return list;
    }

    /// <summary>
    /// Campaign membership by segment; a share <see cref="DemoOptions.ControlShare"/> of members is held out. Treated
    /// members respond with probability logistic(−1.6 + 0.6·responsiveness) and convert with 35% after responding
    /// (2% otherwise); the control group converts with 3%, so campaigns show an uplift.
    /// </summary>
    internal void CampaignMembersOf(DemoCustomerProfile p, List<DemoCampaignMember> into)
    {
        var rng = DemoRandom.For(_o.Seed, p.Index, CampaignStream);
        foreach (var campaign in _campaigns)
        {
            if (p.SignupDate >= campaign.StartsOn)
            {
                continue;
            }
            var share = _o.CampaignTargetShare;
            var chance = campaign.Segment switch
            {
                "High value" => share * 2 * DemoMath.Logistic(1.5 * p.Value),
                "Low value" => share * 2 * DemoMath.Logistic(-1.5 * p.Value),
                "New customers" => campaign.StartsOn.DayNumber - p.SignupDate.DayNumber <= 90 ? Math.Min(1, share * 4) : 0,
                _ => share,
            };
            if (!rng.Chance(chance))
            {
                continue;
            }
            var start = campaign.StartsOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var control = rng.Chance(_o.ControlShare);
            DateTime? sent = null, responded = null, converted = null;
            if (!control)
            {
                sent = start.AddSeconds(rng.NextInt(8 * 3600, 20 * 3600));
                if (rng.Chance(DemoMath.Logistic(-1.6 + 0.6 * p.Responsiveness)))
                {
                    responded = sent.Value.AddSeconds(Math.Floor(rng.Exponential(1.0 / 36) * 3600));
                    if (rng.Chance(0.35))
                    {
                        converted = responded.Value.AddSeconds(Math.Floor(rng.Exponential(1.0 / 48) * 3600));
                    }
                }
                else if (rng.Chance(0.02))
                {
                    converted = start.AddSeconds(rng.NextInt(0, 14 * 86400));
                }
            }
            else if (rng.Chance(0.03))
            {
                converted = start.AddSeconds(rng.NextInt(0, 14 * 86400));
            }
            if (converted >= _end)
            {
                converted = null;
            }
            if (responded >= _end)
            {
                responded = null;
                converted = null;
            }
            decimal? revenue = converted is null ? null : decimal.Round((decimal)rng.Gamma(_o.SpendShapeP, p.Nu), 2);
            into.Add(new DemoCampaignMember(campaign.ExternalId, p.ExternalId, control, sent, responded, converted, revenue));
        }
    }

    internal void TagsOf(DemoCustomerProfile p, List<DemoCustomerTag> into)
    {
        var rng = DemoRandom.For(_o.Seed, p.Index, TagStream);
        if (p.Value > 1.2)
        {
            into.Add(new DemoCustomerTag(p.ExternalId, "vip"));
        }
        if (p.EmailConsent && rng.Chance(0.5))
        {
            into.Add(new DemoCustomerTag(p.ExternalId, "newsletter"));
        }
        if (p.Age < 25 && rng.Chance(0.5))
        {
            into.Add(new DemoCustomerTag(p.ExternalId, "student"));
        }
        if (rng.Chance(0.02))
        {
            into.Add(new DemoCustomerTag(p.ExternalId, "wholesale"));
        }
        if (rng.Chance(0.08))
        {
            into.Add(new DemoCustomerTag(p.ExternalId, "eco-friendly"));
        }
    }

    static double[] Cumulative(IEnumerable<double> weights)
    {
        var list = new List<double>();
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
            list.Add(total);
        }
        return [.. list];
    }
}
