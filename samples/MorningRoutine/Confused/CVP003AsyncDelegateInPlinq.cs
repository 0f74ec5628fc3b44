using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>Preparing breakfast: a team of cooks hired only to press buttons and walk away.</summary>
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

        /// <summary>Fetching every guest's breakfast order "in parallel".</summary>
        public static async Task<string[]> FetchOrdersAsync(IEnumerable<string> guests)
        {
            return await Task.WhenAll(guests.AsParallel().Select(async guest => await FetchOrderAsync(guest))); // expect: CVP003
        }

        /// <summary>Brewing the drinks with four "parallel" baristas that only start the machines.</summary>
        public static async Task<string[]> BrewDrinksAsync(List<string> drinks)
        {
            var brewing = drinks.AsParallel()
                .WithDegreeOfParallelism(4)
                .Select(drink => BrewAsync(drink)) // expect: CVP003
                .ToArray();
            return await Task.WhenAll(brewing);
        }

        /// <summary>Toasting slices with PLINQ and an async lambda; the query is kept for later, so no fix is offered.</summary>
        public static async Task ToastAsync(int slices)
        {
            var toasting = ParallelEnumerable.Range(1, slices).Select(async slice => { await Task.Delay(slice); Console.WriteLine("slice " + slice); }); // expect: CVP003
            await Task.WhenAll(toasting);
        }
    }
}
