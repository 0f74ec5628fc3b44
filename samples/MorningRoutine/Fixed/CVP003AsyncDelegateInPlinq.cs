using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>Preparing breakfast: one cook starts every wait, then waits for all of them together.</summary>
    public static class CVP003BreakfastOrders
    {
        private static async Task<string> FetchOrderAsync(string guest)
        {
            await Task.Delay(10);
            return guest + ": toast and eggs";
        }

        private static async Task<string> BrewAsync(string drink)
        {
            await Task.Delay(20);
            return drink + " ready";
        }

        /// <summary>Start every order request, then await them together; results come back in guest order.</summary>
        public static async Task<string[]> FetchOrdersAsync(IEnumerable<string> guests)
        {
            return await Task.WhenAll(guests.Select(async guest => await FetchOrderAsync(guest)));
        }

        /// <summary>Start every machine; no baristas needed to stand by them.</summary>
        public static async Task<string[]> BrewDrinksAsync(List<string> drinks)
        {
            var brewing = drinks
                .Select(drink => BrewAsync(drink))
                .ToArray();
            return await Task.WhenAll(brewing);
        }

        /// <summary>Start toasting every slice, then wait for the toaster once.</summary>
        public static async Task ToastAsync(int slices)
        {
            var toasting = Enumerable.Range(1, slices).Select(async slice => { await Task.Delay(slice); Console.WriteLine("slice " + slice); });
            await Task.WhenAll(toasting);
        }
    }
}
