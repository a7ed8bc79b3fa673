using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Valora.Server.Tests.Support;

/// <summary>Starting a job through the API and polling <c>/api/jobs/{id}</c> until it has finished.</summary>
public static class JobPolling
{
    public static async Task<JsonElement> StartAndWaitAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri(url, UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location ?? throw new InvalidOperationException("202 without a Location header.");
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/jobs/{job.GetProperty("id").GetString()}", location.OriginalString);
        return await WaitAsync(client, location);
    }

    public static async Task<JsonElement> WaitAsync(HttpClient client, Uri location)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var status = await client.GetFromJsonAsync<JsonElement>(location);
            if (status.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                return status;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {location} did not finish: {status}");
            }
            await Task.Delay(50);
        }
    }
}
