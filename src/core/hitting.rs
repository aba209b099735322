//! Minimum hitting sets of recovery paths: the fewest locations whose loss together blocks
//! every path of an account, the locations every path needs, and the minimum sets
//! themselves. Pure and string-free inside: locations become small integer ids, numbered in
//! the order of their names, so that results come out sorted and deterministic.
//!
//! Why a module of its own: a crafted backup file merged by `restore` chooses the sets, so
//! the audit's cost is an attacker's choice unless the solver is both exact and fast on
//! large inputs. Each backup gives a path {place, key place}: the sets are nearly all pairs,
//! that is the edges of a graph, and the minimum is that graph's minimum vertex cover.
//!
//! Why exact: every step either keeps the minimum unchanged or is a branch and bound.
//! - Normalising: a repeated set, or a set that contains another, is hit whenever the
//!   smaller one is, so it is dropped.
//! - A singleton set forces its element.
//! - A dominated element (every set holding it also holds another element) can be swapped
//!   for that one in any solution: it is dropped from every set.
//! - Folding: an element `v` in exactly two sets, both pairs {v,a} and {v,b}, is removed
//!   with them and `b` is merged into `a`; the minimum drops by exactly one (proved at
//!   `fold_degree_two`). Paths and cycles fold away entirely; a graph made only of them
//!   is answered at once (each needs half its edges, rounded up).
//! - Disconnected parts are independent: the minimum is the sum of theirs.
//! - A bipartite graph's minimum vertex cover is its maximum matching (König): exact.
//! - Otherwise branch on the element in most sets: take it, or leave it out (then every set
//!   holding it must be hit by the others). A branch is cut only when a lower bound proves
//!   it cannot beat the best known: half a maximum matching of the graph's bipartite double
//!   cover (the LP relaxation of vertex cover) and a packing of pairwise disjoint sets.
//!
//! Why fast: the shapes backups make (disjoint pairs, stars around a shared key place,
//! rings where places keep each other's keys) vanish under the reductions in a few linear
//! passes, and bipartite parts are polynomial; only a non-bipartite graph with every degree
//! at least 3 reaches the branching, where the bounds keep the tree small (200 backups at
//! distinct places: under 0.1 ms; 400 backups keyed at random among 200 places: under 1 ms).
//! The problem is still NP-hard: dense random graphs of hundreds of places stay exponential,
//! hence the capped variant below.
//!
//! [`min_hitting_set_capped`] stops as soon as the minimum is known to reach a cap: with
//! sets of at most two locations both branches take a location, so the search is never more
//! than `cap` branchings deep (at most `2^cap` leaves) whatever the input, where the full
//! minimum of a crafted dense random graph can take seconds (300 places, 900 backups) or
//! minutes (400 places, 1200 backups).
//!
//! [`minimum_hitting_sets`] enumerates with the exact minimum as an oracle: each location is
//! taken or left out in name order, and a choice is kept only if the minimum of what remains
//! still adds up; every kept choice leads to a solution, so the work is bounded by
//! `limit` times the number of locations oracle calls, and the sets come in sorted order.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashSet};

/// A set of locations, as ascending ids.
type Set = Vec<u32>;

/// The locations each of which alone blocks every path (those in every path's set), sorted.
pub fn single_points_of_failure(paths: &[Vec<&str>]) -> Vec<String> {
    let Some((first, rest)) = paths.split_first() else {
        return Vec::new();
    };
    let mut common: BTreeSet<&str> = first.iter().copied().collect();
    for path in rest {
        let here: HashSet<&str> = path.iter().copied().collect();
        common.retain(|l| here.contains(l));
    }
    common.into_iter().map(str::to_string).collect()
}

/// The least number of locations whose loss together blocks every path: a minimum hitting
/// set of the paths' location sets. 0 when there is no path; `usize::MAX` when a path needs
/// nothing (no loss blocks it). Repeated locations inside a set are allowed.
pub fn min_hitting_set(paths: &[Vec<&str>]) -> usize {
    let (_, sets) = number(paths);
    if sets.iter().any(Vec::is_empty) {
        return usize::MAX;
    }
    // One location from each set always blocks them all, so the minimum is below this.
    let above_any_answer = sets.len() + 1;
    cover(sets, above_any_answer)
}

/// `min_hitting_set(paths).min(cap)`, with work bounded by the cap: the search stops as soon
/// as it knows the minimum reaches `cap`. While every set has at most two locations, each
/// branching takes a location, so the search is never more than `cap` branchings deep and its
/// work is polynomial for a fixed cap, however the sets were crafted. A caller that only
/// compares the minimum with a threshold (or shows "`cap` or more") should use this.
pub fn min_hitting_set_capped(paths: &[Vec<&str>], cap: usize) -> usize {
    let (_, sets) = number(paths);
    if sets.iter().any(Vec::is_empty) {
        return cap;
    }
    cover(sets, cap).min(cap)
}

/// Up to `limit` distinct minimum hitting sets, each sorted, the first `limit` in sorted
/// order. With no path the only one is the empty set; when a path needs nothing there is
/// none. Work is bounded by `limit` times the number of locations calls of the exact solver.
pub fn minimum_hitting_sets(paths: &[Vec<&str>], limit: usize) -> Vec<Vec<String>> {
    let (names, mut sets) = number(paths);
    if limit == 0 || sets.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    if sets.is_empty() {
        return vec![Vec::new()];
    }
    // Dropping supersets keeps exactly the same hitting sets, and leaves out the locations
    // that no minimum set can hold (those only in supersets).
    normalise(&mut sets, names.len());
    Enumeration::new(sets, names.len())
        .run(limit)
        .into_iter()
        .map(|ids| ids.iter().map(|&i| names[i as usize].to_string()).collect())
        .collect()
}

/// Locations as ids, numbered in the order of their names; each set sorted and deduplicated.
fn number<'a>(paths: &[Vec<&'a str>]) -> (Vec<&'a str>, Vec<Set>) {
    let mut names: Vec<&str> = paths.iter().flatten().copied().collect();
    names.sort_unstable();
    names.dedup();
    let id = |name: &&str| names.binary_search(name).expect("every name was collected") as u32;
    let sets = paths
        .iter()
        .map(|path| {
            let mut set: Set = path.iter().map(id).collect();
            set.sort_unstable();
            set.dedup();
            set
        })
        .collect();
    (names, sets)
}

/// Renumbers the ids in use as 0..n, keeping their order (so sets stay sorted); returns n.
fn relabel(sets: &mut [Set]) -> usize {
    let mut ids: Vec<u32> = sets.iter().flatten().copied().collect();
    ids.sort_unstable();
    ids.dedup();
    for id in sets.iter_mut().flatten() {
        *id = ids.binary_search(id).expect("every id was collected") as u32;
    }
    ids.len()
}

/// Sorts and deduplicates every set, then drops repeated sets and every set that contains
/// another (whatever hits the smaller one hits it too). Ids are below `n`; no set is empty.
fn normalise(sets: &mut Vec<Set>, n: usize) {
    for set in sets.iter_mut() {
        set.sort_unstable();
        set.dedup();
    }
    sets.sort_unstable_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    sets.dedup();
    // Smaller sets come first, so a set's subsets are already kept when it is looked at; a
    // subset's least element is in the set, so only the kept sets indexed by one of its
    // elements need checking.
    let mut kept_by_least: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut kept: Vec<Set> = Vec::with_capacity(sets.len());
    for set in sets.drain(..) {
        let holds_another = set.iter().any(|&e| {
            kept_by_least[e as usize]
                .iter()
                .any(|&k| is_subset(&kept[k], &set))
        });
        if !holds_another {
            kept_by_least[set[0] as usize].push(kept.len());
            kept.push(set);
        }
    }
    *sets = kept;
}

/// Whether sorted `small` is inside sorted `big`.
fn is_subset(small: &[u32], big: &[u32]) -> bool {
    let mut big = big.iter();
    small.iter().all(|s| big.any(|b| b == s))
}

/// For each element below `n`, the indices of the sets holding it.
fn occurrences(sets: &[Set], n: usize) -> Vec<Vec<usize>> {
    let mut occurs = vec![Vec::new(); n];
    for (index, set) in sets.iter().enumerate() {
        for &e in set {
            occurs[e as usize].push(index);
        }
    }
    occurs
}

/// The minimum number of elements hitting every set when it is below `limit`; otherwise some
/// number at least `limit` (the search stops as soon as it knows). The bound is what makes
/// branch and bound cheap: a branch only looks for a better answer than the best known.
fn cover(mut sets: Vec<Set>, limit: usize) -> usize {
    if sets.iter().any(Vec::is_empty) {
        // Nothing hits an empty set: no answer, so none below the limit.
        return limit;
    }
    let n = relabel(&mut sets);
    if sets.iter().map(Vec::len).sum::<usize>() == n {
        // No element is in two sets (the usual account: a few paths at distinct places):
        // each set needs its own.
        return sets.len();
    }
    normalise(&mut sets, n);
    if let Some(minimum) = paths_and_cycles(&sets, n) {
        return minimum;
    }
    let taken = reduce(&mut sets, n);
    if sets.is_empty() || taken >= limit {
        return taken;
    }
    let parts = components(&sets, n);
    let bounds: Vec<Bound> = parts.iter().map(bound).collect();
    // Taken so far, plus each part's exact minimum once solved, its lower bound until then.
    let mut total = taken + bounds.iter().map(|b| b.lower).sum::<usize>();
    for (part, part_bound) in parts.into_iter().zip(bounds) {
        if total >= limit {
            return total;
        }
        if part_bound.exact {
            continue;
        }
        let others = total - part_bound.lower;
        total = others.saturating_add(branch(part, part_bound.lower, limit - others));
    }
    total
}

/// The minimum at once when the sets are the edges of a graph where no vertex has more than
/// two (normalised, so no edge is repeated): each connected part is a path or a cycle of
/// `m` edges, which needs every other vertex, `m / 2` rounded up.
fn paths_and_cycles(sets: &[Set], n: usize) -> Option<usize> {
    let mut degree = vec![0u8; n];
    for set in sets {
        let &[a, b] = set.as_slice() else {
            return None;
        };
        for v in [a, b] {
            degree[v as usize] += 1;
            if degree[v as usize] > 2 {
                return None;
            }
        }
    }
    let root = element_roots(sets, n);
    let mut edges_of_root = vec![0usize; n];
    for set in sets {
        edges_of_root[root[set[0] as usize]] += 1;
    }
    Some(edges_of_root.iter().map(|m| m.div_ceil(2)).sum())
}

/// Applies the rules that keep the minimum until none applies; returns what they account
/// for: the minimum of the sets given is that plus the minimum of the sets left.
///
/// Every pass tries every rule, so that a long path, which loses only its two ends to the
/// singleton and domination rules, also loses a third of its inside to folding: passes are
/// few even on long paths.
fn reduce(sets: &mut Vec<Set>, n: usize) -> usize {
    let mut taken = 0;
    loop {
        normalise(sets, n);
        // Normalised sets come shortest first.
        let has_singleton = sets.first().is_some_and(|s| s.len() == 1);
        if has_singleton {
            taken += take_singletons(sets, n);
        }
        let dropped = drop_dominated(sets, n);
        if dropped {
            // Folding needs sets that are distinct.
            normalise(sets, n);
        }
        let folds = fold_degree_two(sets, n);
        taken += folds;
        if !has_singleton && !dropped && folds == 0 {
            return taken;
        }
    }
}

/// Takes the element of every singleton set (each must be in any solution) and drops the sets
/// they hit; returns how many were taken.
fn take_singletons(sets: &mut Vec<Set>, n: usize) -> usize {
    let mut forced = vec![false; n];
    let mut count = 0;
    for set in sets.iter().filter(|s| s.len() == 1) {
        if !forced[set[0] as usize] {
            forced[set[0] as usize] = true;
            count += 1;
        }
    }
    sets.retain(|set| !set.iter().any(|&e| forced[e as usize]));
    count
}

/// Drops every dominated element from every set; returns whether any was.
///
/// `u` is dominated by `v` when every set holding `u` also holds `v` and `v` is in more sets,
/// or in the same ones with a smaller id. Any solution stays one when `u` is swapped for
/// `v`. The relation is a strict order, so every dropped element has an undropped one above
/// it, in all its sets: no set loses all its elements, and the minimum is unchanged.
fn drop_dominated(sets: &mut [Set], n: usize) -> bool {
    let occurs = occurrences(sets, n);
    let mut dropped = vec![false; n];
    let mut any = false;
    for (u, mine) in occurs.iter().enumerate() {
        let Some((&first, rest)) = mine.split_first() else {
            continue;
        };
        // The elements in every set holding u.
        let mut companions: Vec<u32> = sets[first]
            .iter()
            .copied()
            .filter(|&e| e as usize != u)
            .collect();
        for &s in rest {
            if companions.is_empty() {
                break;
            }
            companions.retain(|e| sets[s].binary_search(e).is_ok());
        }
        let dominated = companions.iter().any(|&v| {
            let (v_sets, u_sets) = (occurs[v as usize].len(), mine.len());
            v_sets > u_sets || (v_sets == u_sets && (v as usize) < u)
        });
        if dominated {
            dropped[u] = true;
            any = true;
        }
    }
    if any {
        for set in sets.iter_mut() {
            set.retain(|&e| !dropped[e as usize]);
        }
    }
    any
}

/// Folds elements that are in exactly two sets, both pairs: `v` in {v,a} and {v,b} goes with
/// those two sets and `b` is merged into `a`. Returns how many folds were made; each lowers
/// the minimum by exactly one.
///
/// From a solution H' after the fold: if it holds the merged `a`, put back `a` and `b`,
/// otherwise add `v`; either way one element more, and every set is hit. From a minimum H
/// before: it hits {v,a} and {v,b}. If it holds `a` or `b`, it holds at least two of `a`,
/// `b`, `v` (both, or one and `v`): replacing them by the merged `a` still hits every set
/// left. If it holds neither, it holds `v`, which no set left needs. Either way one element
/// fewer. Folds whose `v`, `a` and `b` no earlier fold of the same pass touched do not
/// meet, so making them together is making them one after another.
fn fold_degree_two(sets: &mut Vec<Set>, n: usize) -> usize {
    let occurs = occurrences(sets, n);
    let mut touched = vec![false; n];
    let mut merged_into: Vec<u32> = (0..n as u32).collect();
    let mut folded_set = vec![false; sets.len()];
    let mut folds = 0;
    for (v, mine) in occurs.iter().enumerate() {
        let &[first, second] = mine.as_slice() else {
            continue;
        };
        let (&[x1, y1], &[x2, y2]) = (sets[first].as_slice(), sets[second].as_slice()) else {
            continue;
        };
        let other = |x: u32, y: u32| if x as usize == v { y } else { x };
        let (a, b) = (other(x1, y1), other(x2, y2));
        if a == b || touched[v] || touched[a as usize] || touched[b as usize] {
            continue;
        }
        touched[v] = true;
        touched[a as usize] = true;
        touched[b as usize] = true;
        merged_into[b as usize] = a;
        folded_set[first] = true;
        folded_set[second] = true;
        folds += 1;
    }
    if folds > 0 {
        let mut index = 0;
        sets.retain(|_| {
            index += 1;
            !folded_set[index - 1]
        });
        for e in sets.iter_mut().flatten() {
            *e = merged_into[*e as usize];
        }
    }
    folds
}

/// A connected part of a reduced instance, with its own ids 0..n.
struct Part {
    sets: Vec<Set>,
    n: usize,
}

/// The connected parts (sets linked by shared elements): their minima add up.
fn components(sets: &[Set], n: usize) -> Vec<Part> {
    let root = element_roots(sets, n);
    let mut part_of_root = vec![usize::MAX; n];
    let mut parts: Vec<Vec<Set>> = Vec::new();
    for set in sets {
        let r = root[set[0] as usize];
        if part_of_root[r] == usize::MAX {
            part_of_root[r] = parts.len();
            parts.push(Vec::new());
        }
        parts[part_of_root[r]].push(set.clone());
    }
    parts
        .into_iter()
        .map(|mut sets| {
            let n = relabel(&mut sets);
            Part { sets, n }
        })
        .collect()
}

/// For each element, a representative of its connected part (union-find).
fn element_roots(sets: &[Set], n: usize) -> Vec<usize> {
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut parent: Vec<usize> = (0..n).collect();
    for set in sets {
        let first = find(&mut parent, set[0] as usize);
        for &e in &set[1..] {
            let other = find(&mut parent, e as usize);
            parent[other] = first;
        }
    }
    (0..n).map(|x| find(&mut parent, x)).collect()
}

/// What is known of a part's minimum before searching.
struct Bound {
    lower: usize,
    /// True when `lower` is the minimum itself.
    exact: bool,
}

fn bound(part: &Part) -> Bound {
    let pairs: Vec<[u32; 2]> = part
        .sets
        .iter()
        .filter_map(|s| <[u32; 2]>::try_from(s.as_slice()).ok())
        .collect();
    let neighbours = adjacency(part.n, &pairs);
    let a_graph = pairs.len() == part.sets.len();
    if a_graph && let Some(on_right) = two_colouring(&neighbours) {
        // König: in a bipartite graph a minimum vertex cover is as large as a maximum matching.
        let left_to_right: Vec<Vec<u32>> = neighbours
            .into_iter()
            .zip(on_right)
            .map(|(ns, right)| if right { Vec::new() } else { ns })
            .collect();
        return Bound {
            lower: max_matching(&left_to_right, part.n),
            exact: true,
        };
    }
    // Every solution covers the pairs, so their fractional cover bounds it: a maximum matching
    // of the bipartite double cover (u on the left to v on the right for each pair) is twice
    // the LP optimum. It beats a plain matching on odd cycles. Larger sets add a packing.
    let fractional = max_matching(&neighbours, part.n).div_ceil(2);
    let packing = if a_graph {
        0
    } else {
        disjoint_packing(&part.sets, part.n)
    };
    Bound {
        lower: fractional.max(packing),
        exact: false,
    }
}

/// Branch and bound on a connected, reduced part whose minimum is at least `lower`: the exact
/// minimum when below `limit`, otherwise some number at least `limit`.
fn branch(part: Part, lower: usize, limit: usize) -> usize {
    let Part { sets, n } = part;
    let greedy = greedy_cover(&sets, n);
    if greedy == lower {
        return greedy;
    }
    let mut best = greedy.min(limit);
    if best <= lower {
        return best;
    }
    // The element in most sets: taking it hits the most, leaving it out shrinks the most
    // sets (in a graph, leaving a vertex out takes all its neighbours, at least three after
    // the reductions, so both branches take something).
    let mut in_sets = vec![0usize; n];
    for &e in sets.iter().flatten() {
        in_sets[e as usize] += 1;
    }
    let pick = (0..n)
        .max_by_key(|&e| (in_sets[e], Reverse(e)))
        .expect("a part has elements") as u32;

    let not_hit_by_pick: Vec<Set> = sets
        .iter()
        .filter(|s| s.binary_search(&pick).is_err())
        .cloned()
        .collect();
    best = best.min(cover(not_hit_by_pick, best - 1).saturating_add(1));
    if best > lower {
        let without_pick: Vec<Set> = sets
            .into_iter()
            .map(|mut s| {
                s.retain(|&e| e != pick);
                s
            })
            .collect();
        best = best.min(cover(without_pick, best));
    }
    best
}

/// A solution's size, found greedily (each time the element hitting most sets not yet hit):
/// an upper bound to start the search with.
fn greedy_cover(sets: &[Set], n: usize) -> usize {
    let occurs = occurrences(sets, n);
    let mut unhit_sets_of: Vec<usize> = occurs.iter().map(Vec::len).collect();
    let mut hit = vec![false; sets.len()];
    let mut taken = 0;
    loop {
        let Some(best) = (0..n).max_by_key(|&e| unhit_sets_of[e]) else {
            return taken;
        };
        if unhit_sets_of[best] == 0 {
            return taken;
        }
        taken += 1;
        for &s in &occurs[best] {
            if !hit[s] {
                hit[s] = true;
                for &e in &sets[s] {
                    unhit_sets_of[e as usize] -= 1;
                }
            }
        }
    }
}

/// How many pairwise disjoint sets a greedy pass finds (smallest sets first): each needs its
/// own element, so this bounds the minimum from below.
fn disjoint_packing(sets: &[Set], n: usize) -> usize {
    let mut order: Vec<&Set> = sets.iter().collect();
    order.sort_by_key(|s| s.len());
    let mut used = vec![false; n];
    let mut packed = 0;
    for set in order {
        if set.iter().all(|&e| !used[e as usize]) {
            for &e in set {
                used[e as usize] = true;
            }
            packed += 1;
        }
    }
    packed
}

/// Each element's neighbours in the graph of `pairs`.
fn adjacency(n: usize, pairs: &[[u32; 2]]) -> Vec<Vec<u32>> {
    let mut neighbours = vec![Vec::new(); n];
    for &[a, b] in pairs {
        neighbours[a as usize].push(b);
        neighbours[b as usize].push(a);
    }
    neighbours
}

/// A side for each vertex such that every edge joins the two sides, if there is one.
fn two_colouring(neighbours: &[Vec<u32>]) -> Option<Vec<bool>> {
    let mut side: Vec<Option<bool>> = vec![None; neighbours.len()];
    let mut queue = Vec::new();
    for start in 0..neighbours.len() {
        if side[start].is_some() {
            continue;
        }
        side[start] = Some(false);
        queue.push(start);
        while let Some(v) = queue.pop() {
            let here = side[v].expect("queued vertices have a side");
            for &w in &neighbours[v] {
                match side[w as usize] {
                    None => {
                        side[w as usize] = Some(!here);
                        queue.push(w as usize);
                    }
                    Some(there) if there == here => return None,
                    Some(_) => {}
                }
            }
        }
    }
    Some(side.into_iter().map(|s| s.unwrap_or(false)).collect())
}

/// The size of a maximum matching of a bipartite graph: `left_to_right[l]` lists the right
/// vertices (below `right_count`) that left vertex `l` may be matched to. Augmenting paths
/// are searched breadth first, without recursion, so deep graphs cannot overflow the stack.
fn max_matching(left_to_right: &[Vec<u32>], right_count: usize) -> usize {
    const FREE: usize = usize::MAX;
    let mut right_of = vec![FREE; left_to_right.len()];
    let mut left_of = vec![FREE; right_count];
    let mut size = 0;
    // A greedy start leaves few augmenting paths to search for.
    for (l, rights) in left_to_right.iter().enumerate() {
        if let Some(&r) = rights.iter().find(|&&r| left_of[r as usize] == FREE) {
            left_of[r as usize] = l;
            right_of[l] = r as usize;
            size += 1;
        }
    }
    let mut reached_from = vec![FREE; right_count];
    let mut seen_in_round = vec![usize::MAX; right_count];
    let mut queue = Vec::new();
    for start in 0..left_to_right.len() {
        if right_of[start] != FREE {
            continue;
        }
        queue.clear();
        queue.push(start);
        let mut head = 0;
        let mut free_right = None;
        'search: while head < queue.len() {
            let l = queue[head];
            head += 1;
            for &r in &left_to_right[l] {
                let r = r as usize;
                if seen_in_round[r] == start {
                    continue;
                }
                seen_in_round[r] = start;
                reached_from[r] = l;
                if left_of[r] == FREE {
                    free_right = Some(r);
                    break 'search;
                }
                queue.push(left_of[r]);
            }
        }
        // Flip the path: each left vertex on it takes the right vertex it reached.
        let Some(mut r) = free_right else { continue };
        loop {
            let l = reached_from[r];
            let previous = right_of[l];
            right_of[l] = r;
            left_of[r] = l;
            if l == start {
                break;
            }
            r = previous;
        }
        size += 1;
    }
    size
}

/// What the enumeration decided about an element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Choice {
    Open,
    Taken,
    Left,
}

/// Enumerates minimum hitting sets in sorted order: each element in id order is taken, else
/// left out, and a choice stands only when the exact minimum of what remains of its
/// connected part still fits that part's minimum. Every choice that stands leads to a
/// solution, so no work is wasted beyond two checks per element per solution (one when
/// taking fails: then leaving out must succeed).
struct Enumeration {
    sets: Vec<Set>,
    occurs: Vec<Vec<usize>>,
    part_of_element: Vec<usize>,
    sets_of_part: Vec<Vec<usize>>,
    /// The minimum of each connected part: a minimum overall is one of each part's.
    minimum_of_part: Vec<usize>,
    choice: Vec<Choice>,
    /// For each set, how many of its elements are taken.
    taken_in_set: Vec<usize>,
    taken_in_part: Vec<usize>,
}

impl Enumeration {
    /// `sets` normalised, with ids below `n`.
    fn new(sets: Vec<Set>, n: usize) -> Self {
        let occurs = occurrences(&sets, n);
        let root = element_roots(&sets, n);
        let mut part_of_root = vec![usize::MAX; n];
        let mut sets_of_part: Vec<Vec<usize>> = Vec::new();
        for (index, set) in sets.iter().enumerate() {
            let r = root[set[0] as usize];
            if part_of_root[r] == usize::MAX {
                part_of_root[r] = sets_of_part.len();
                sets_of_part.push(Vec::new());
            }
            sets_of_part[part_of_root[r]].push(index);
        }
        let part_of_element = root.iter().map(|&r| part_of_root[r]).collect();
        let minimum_of_part = sets_of_part
            .iter()
            .map(|indices| {
                let part: Vec<Set> = indices.iter().map(|&i| sets[i].clone()).collect();
                let above_any_answer = part.len() + 1;
                cover(part, above_any_answer)
            })
            .collect();
        Enumeration {
            taken_in_set: vec![0; sets.len()],
            taken_in_part: vec![0; sets_of_part.len()],
            choice: vec![Choice::Open; n],
            sets,
            occurs,
            part_of_element,
            sets_of_part,
            minimum_of_part,
        }
    }

    fn run(mut self, limit: usize) -> Vec<Set> {
        #[derive(Clone, Copy)]
        enum Next {
            Take,
            /// `sure` when taking failed: every solution from here leaves the element out,
            /// and there is one, so leaving it out needs no check.
            Leave {
                sure: bool,
            },
            Backtrack,
        }
        let order: Vec<u32> = (0..self.choice.len() as u32)
            .filter(|&e| !self.occurs[e as usize].is_empty())
            .collect();
        let mut next = vec![Next::Take; order.len() + 1];
        let mut found = Vec::new();
        let mut depth = 0;
        loop {
            if depth == order.len() {
                found.push(
                    (0..self.choice.len() as u32)
                        .filter(|&e| self.choice[e as usize] == Choice::Taken)
                        .collect(),
                );
                if found.len() >= limit || depth == 0 {
                    return found;
                }
                depth -= 1;
                continue;
            }
            let element = order[depth];
            let decided = match next[depth] {
                Next::Take => {
                    let taken = self.try_choice(element, Choice::Taken);
                    next[depth] = Next::Leave { sure: !taken };
                    taken
                }
                Next::Leave { sure: true } => {
                    next[depth] = Next::Backtrack;
                    self.set_choice(element, Choice::Left);
                    true
                }
                Next::Leave { sure: false } => {
                    next[depth] = Next::Backtrack;
                    self.try_choice(element, Choice::Left)
                }
                Next::Backtrack => {
                    self.set_choice(element, Choice::Open);
                    if depth == 0 {
                        return found;
                    }
                    depth -= 1;
                    false
                }
            };
            if decided {
                depth += 1;
                next[depth] = Next::Take;
            }
        }
    }

    /// Makes the choice if the element's part can still reach its minimum with it.
    fn try_choice(&mut self, element: u32, choice: Choice) -> bool {
        // Coming back to an element, it is taken or left out from the last try: open it first.
        self.set_choice(element, Choice::Open);
        // The choice only matters if the element is in a set not hit yet: otherwise taking it
        // is one element too many, and leaving it out changes nothing.
        let matters = self.occurs[element as usize]
            .iter()
            .any(|&s| self.taken_in_set[s] == 0);
        self.set_choice(element, choice);
        let fits = match (matters, choice) {
            (false, Choice::Taken) => false,
            (false, _) => true,
            (true, _) => self.part_fits(self.part_of_element[element as usize]),
        };
        if !fits {
            self.set_choice(element, Choice::Open);
        }
        fits
    }

    fn set_choice(&mut self, element: u32, choice: Choice) {
        let e = element as usize;
        let delta = |c: Choice| usize::from(c == Choice::Taken);
        let (was, now) = (delta(self.choice[e]), delta(choice));
        if was != now {
            for &s in &self.occurs[e] {
                self.taken_in_set[s] = self.taken_in_set[s] + now - was;
            }
            let part = self.part_of_element[e];
            self.taken_in_part[part] = self.taken_in_part[part] + now - was;
        }
        self.choice[e] = choice;
    }

    /// Whether what is taken in `part`, plus the minimum of its sets not hit yet (using only
    /// open elements), is still the part's minimum.
    fn part_fits(&self, part: usize) -> bool {
        let Some(room) = self.minimum_of_part[part].checked_sub(self.taken_in_part[part]) else {
            return false;
        };
        let mut rest = Vec::new();
        for &s in &self.sets_of_part[part] {
            if self.taken_in_set[s] > 0 {
                continue;
            }
            let open: Set = self.sets[s]
                .iter()
                .copied()
                .filter(|&e| self.choice[e as usize] == Choice::Open)
                .collect();
            if open.is_empty() {
                return false;
            }
            rest.push(open);
        }
        rest.is_empty() || (room > 0 && cover(rest, room + 1) <= room)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned<'a>(paths: &[&[&'a str]]) -> Vec<Vec<&'a str>> {
        paths.iter().map(|p| p.to_vec()).collect()
    }

    fn hs(paths: &[&[&str]]) -> usize {
        min_hitting_set(&owned(paths))
    }

    #[test]
    fn hitting_set_table() {
        let cases: &[(&[&[&str]], usize)] = &[
            (&[], 0),
            (&[&["laptop"]], 1),
            (&[&["laptop"], &["laptop"]], 1),
            (&[&["laptop"], &["phone"]], 2),
            (&[&["laptop"], &["phone"], &["paper"]], 3),
            (&[&["laptop", "memory"], &["usb", "memory"]], 1),
            (&[&["laptop"], &["usb", "paper"]], 2),
            (&[&["laptop"], &["laptop", "usb"]], 1),
            (&[&["a", "b"], &["c", "d"], &["a", "c"], &["b", "d"]], 2),
            (&[&["a", "b"], &["b", "c"], &["c", "a"]], 2),
            // Beyond audit.rs's table: repeats inside a set, a path needing nothing.
            (&[&["laptop", "laptop"], &["phone", "phone", "laptop"]], 1),
            (&[&[], &["laptop"]], usize::MAX),
            (&[&[]], usize::MAX),
        ];
        for (paths, want) in cases {
            assert_eq!(hs(paths), *want, "{paths:?}");
        }
    }

    #[test]
    fn spof_is_the_common_location() {
        let paths = vec![vec!["laptop", "memory"], vec!["usb", "memory"]];
        assert_eq!(single_points_of_failure(&paths), ["memory"]);
        let paths = vec![vec!["laptop"], vec!["phone"]];
        assert!(single_points_of_failure(&paths).is_empty());
        assert!(single_points_of_failure(&[]).is_empty());
        let paths = vec![vec!["b", "a", "a"], vec!["a", "b"]];
        assert_eq!(single_points_of_failure(&paths), ["a", "b"]);
    }

    #[test]
    fn minimum_sets_table() {
        let sets = |paths: &[&[&str]], limit| minimum_hitting_sets(&owned(paths), limit);
        assert_eq!(sets(&[], 5), [Vec::<String>::new()]);
        assert!(sets(&[&[], &["laptop"]], 5).is_empty());
        assert!(sets(&[&["laptop"]], 0).is_empty());
        assert_eq!(
            sets(&[&["laptop", "memory"], &["usb", "memory"]], 5),
            [["memory"]]
        );
        assert_eq!(
            sets(&[&["a", "b"], &["b", "c"], &["c", "a"]], 5),
            [["a", "b"], ["a", "c"], ["b", "c"]]
        );
        assert_eq!(
            sets(&[&["a", "b"], &["b", "c"], &["c", "a"]], 2),
            [["a", "b"], ["a", "c"]]
        );
        // Locations only in supersets are in no minimum set.
        assert_eq!(
            sets(&[&["laptop"], &["laptop", "usb"], &["phone"]], 5),
            [["laptop", "phone"]]
        );
    }

    // Crafted shapes, each with a minimum known from its structure.

    fn names(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}{i:03}")).collect()
    }

    fn as_paths(sets: &[Vec<String>]) -> Vec<Vec<&str>> {
        sets.iter()
            .map(|s| s.iter().map(String::as_str).collect())
            .collect()
    }

    fn pair(a: &str, b: &str) -> Vec<String> {
        vec![a.to_string(), b.to_string()]
    }

    /// A fixed-seed generator (splitmix64), so the "random" shapes are the same every run.
    struct Seeded(u64);

    impl Seeded {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            ((z ^ (z >> 31)) % n as u64) as usize
        }
    }

    #[test]
    fn backups_at_distinct_places() {
        for backups in [24, 26, 200] {
            let (usb, key) = (names("usb", backups), names("key", backups));
            let mut sets: Vec<Vec<String>> = (0..backups).map(|i| pair(&usb[i], &key[i])).collect();
            assert_eq!(min_hitting_set(&as_paths(&sets)), backups);
            sets.push(vec!["laptop".into()]);
            sets.push(vec!["phone".into()]);
            sets.push(pair("laptop", "memory"));
            assert_eq!(min_hitting_set(&as_paths(&sets)), backups + 2);
        }
    }

    #[test]
    fn keys_at_shared_places() {
        let usb = names("usb", 200);
        // Every key in memory: a star, blocked by losing memory alone.
        let star: Vec<Vec<String>> = usb.iter().map(|u| pair(u, "memory")).collect();
        assert_eq!(min_hitting_set(&as_paths(&star)), 1);
        assert_eq!(single_points_of_failure(&as_paths(&star)), ["memory"]);
        assert_eq!(minimum_hitting_sets(&as_paths(&star), 10), [["memory"]]);
        // Keys at three places: three stars.
        let keys = ["home", "office", "bank"];
        let stars: Vec<Vec<String>> = (0..200).map(|i| pair(&usb[i], keys[i % 3])).collect();
        assert_eq!(min_hitting_set(&as_paths(&stars)), 3);
        assert_eq!(
            minimum_hitting_sets(&as_paths(&stars), 10),
            [["bank", "home", "office"]]
        );
    }

    #[test]
    fn places_keeping_each_others_keys() {
        let place = names("p", 201);
        // A ring of 200: every other place; a path of 201 places: one of each two edges.
        let ring: Vec<Vec<String>> = (0..200)
            .map(|i| pair(&place[i], &place[(i + 1) % 200]))
            .collect();
        assert_eq!(min_hitting_set(&as_paths(&ring)), 100);
        assert_eq!(minimum_hitting_sets(&as_paths(&ring), 10).len(), 2);
        let odd_ring: Vec<Vec<String>> = (0..201)
            .map(|i| pair(&place[i], &place[(i + 1) % 201]))
            .collect();
        assert_eq!(min_hitting_set(&as_paths(&odd_ring)), 101);
        let chain: Vec<Vec<String>> = (0..200).map(|i| pair(&place[i], &place[i + 1])).collect();
        assert_eq!(min_hitting_set(&as_paths(&chain)), 100);
    }

    #[test]
    fn dense_shapes() {
        // A complete graph needs all but one place; the Petersen graph needs 6.
        let place = names("p", 14);
        let mut complete = Vec::new();
        for i in 0..14 {
            for j in i + 1..14 {
                complete.push(pair(&place[i], &place[j]));
            }
        }
        assert_eq!(min_hitting_set(&as_paths(&complete)), 13);
        assert_eq!(minimum_hitting_sets(&as_paths(&complete), 100).len(), 14);
        let petersen: Vec<Vec<String>> = (0..5)
            .flat_map(|i| {
                [
                    pair(&place[i], &place[(i + 1) % 5]),
                    pair(&place[i], &place[i + 5]),
                    pair(&place[i + 5], &place[(i + 2) % 5 + 5]),
                ]
            })
            .collect();
        assert_eq!(min_hitting_set(&as_paths(&petersen)), 6);
    }

    /// Random sparse graphs with a planted answer: k "cover" places each matched to its own
    /// other place (so at least k), and every further edge touching a cover place (so at most
    /// k). Edges between cover places make them far from bipartite.
    #[test]
    fn random_sparse_graphs_with_a_planted_minimum() {
        let mut random = Seeded(2024);
        for (covering, others, edges) in [(60, 140, 200), (40, 60, 200), (90, 110, 300)] {
            let cover_place = names("c", covering);
            let other_place = names("o", others);
            let mut sets: Vec<Vec<String>> = (0..covering)
                .map(|i| pair(&cover_place[i], &other_place[i]))
                .collect();
            while sets.len() < edges {
                let c = &cover_place[random.below(covering)];
                let j = random.below(covering + others);
                let to = cover_place
                    .get(j)
                    .unwrap_or_else(|| &other_place[j - covering]);
                if c != to {
                    sets.push(pair(c, to));
                }
            }
            assert_eq!(min_hitting_set(&as_paths(&sets)), covering);
            for found in minimum_hitting_sets(&as_paths(&sets), 3) {
                assert_eq!(found.len(), covering);
                assert!(sets.iter().all(|s| s.iter().any(|l| found.contains(l))));
            }
        }
    }

    /// The same with sets of three: k disjoint sets each with one cover place, and further
    /// sets of two or three each with a cover place.
    #[test]
    fn random_larger_sets_with_a_planted_minimum() {
        let mut random = Seeded(7);
        let (covering, others) = (30, 90);
        let cover_place = names("c", covering);
        let other_place = names("o", others);
        let mut sets: Vec<Vec<String>> = (0..covering)
            .map(|i| {
                vec![
                    cover_place[i].clone(),
                    other_place[2 * i].clone(),
                    other_place[2 * i + 1].clone(),
                ]
            })
            .collect();
        for k in 0..150 {
            let mut set = vec![cover_place[random.below(covering)].clone()];
            for _ in 0..1 + k % 2 {
                let j = random.below(covering + others);
                set.push(
                    cover_place
                        .get(j)
                        .unwrap_or_else(|| &other_place[j - covering])
                        .clone(),
                );
            }
            sets.push(set);
        }
        assert_eq!(min_hitting_set(&as_paths(&sets)), covering);
    }

    /// A dense random graph whose full search would take minutes: capped, the bounds stop it
    /// at once.
    #[test]
    fn the_capped_minimum_stops_at_the_cap() {
        let mut random = Seeded(400);
        let place = names("p", 400);
        let mut sets = Vec::new();
        while sets.len() < 1200 {
            let (a, b) = (random.below(400), random.below(400));
            if a != b {
                sets.push(pair(&place[a], &place[b]));
            }
        }
        assert_eq!(min_hitting_set_capped(&as_paths(&sets), 3), 3);
        let paths = owned(&[&["laptop"], &["phone"], &["usb", "key"]]);
        assert_eq!(min_hitting_set_capped(&paths, 2), 2);
        assert_eq!(min_hitting_set_capped(&paths, 10), 3);
        assert_eq!(min_hitting_set_capped(&owned(&[&[], &["laptop"]]), 2), 2);
        assert_eq!(min_hitting_set_capped(&[], 2), 0);
    }

    #[test]
    fn the_first_sets_of_many_come_sorted() {
        let (a, b) = (names("a", 200), names("b", 200));
        let sets: Vec<Vec<String>> = (0..200).map(|i| pair(&a[i], &b[i])).collect();
        let found = minimum_hitting_sets(&as_paths(&sets), 3);
        // Take every a except, last in name order, a199 for b199, then a198 for b198.
        let mut first = a.clone();
        let mut second = a[..199].to_vec();
        second.push(b[199].clone());
        let mut third = a[..198].to_vec();
        third.push(a[199].clone());
        third.push(b[198].clone());
        third.sort();
        first.sort();
        assert_eq!(found, [first, second, third]);
    }

    /// Brute force over every subset of the locations, for small cases.
    mod properties {
        use super::*;
        use proptest::prelude::*;

        const NAMES: [&str; 12] = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"];

        /// The minimum, and every minimum set (sorted, in sorted order) unless a set is empty.
        fn brute_force(paths: &[Vec<&str>]) -> (usize, Vec<Vec<String>>) {
            let masks: Vec<u32> = paths
                .iter()
                .map(|p| {
                    p.iter()
                        .map(|l| 1 << NAMES.iter().position(|n| n == l).unwrap())
                        .fold(0, |m, bit| m | bit)
                })
                .collect();
            if masks.contains(&0) {
                return (usize::MAX, Vec::new());
            }
            let hitting: Vec<u32> = (0u32..1 << NAMES.len())
                .filter(|mask| masks.iter().all(|m| m & mask != 0))
                .collect();
            let minimum = hitting.iter().map(|m| m.count_ones()).min().unwrap();
            let mut all: Vec<Vec<String>> = hitting
                .iter()
                .filter(|m| m.count_ones() == minimum)
                .map(|m| {
                    (0..NAMES.len())
                        .filter(|i| m & (1 << i) != 0)
                        .map(|i| NAMES[i].to_string())
                        .collect()
                })
                .collect();
            all.sort();
            (minimum as usize, all)
        }

        fn check(raw: &[Vec<usize>], limit: usize) -> Result<(), TestCaseError> {
            let paths: Vec<Vec<&str>> = raw
                .iter()
                .map(|p| p.iter().map(|i| NAMES[*i]).collect())
                .collect();
            let (minimum, all) = brute_force(&paths);
            prop_assert_eq!(min_hitting_set(&paths), minimum);
            for cap in 0..5 {
                prop_assert_eq!(min_hitting_set_capped(&paths, cap), minimum.min(cap));
            }
            prop_assert_eq!(&minimum_hitting_sets(&paths, usize::MAX), &all);
            let first = minimum_hitting_sets(&paths, limit);
            prop_assert_eq!(&first[..], &all[..limit.min(all.len())]);
            let spof = single_points_of_failure(&paths);
            for location in &spof {
                prop_assert!(paths.iter().all(|p| p.contains(&location.as_str())));
            }
            if !paths.is_empty() && minimum != usize::MAX {
                prop_assert_eq!(spof.is_empty(), minimum > 1);
            }
            Ok(())
        }

        proptest! {
            #[test]
            fn sets_of_any_size(
                raw in proptest::collection::vec(proptest::collection::vec(0usize..8, 1..=4), 0..=12),
                limit in 1usize..4,
            ) {
                check(&raw, limit)?;
            }

            #[test]
            fn graphs(
                raw in proptest::collection::vec(proptest::collection::vec(0usize..12, 2), 0..=24),
                limit in 1usize..4,
            ) {
                check(&raw, limit)?;
            }

            #[test]
            fn mixed_with_empty_sets(
                raw in proptest::collection::vec(proptest::collection::vec(0usize..6, 0..=3), 0..=6),
            ) {
                check(&raw, 2)?;
            }
        }

        /// An independent exact search for larger cases than brute force reaches: branch on
        /// the elements of the first set not hit yet (the method audit.rs used).
        fn reference_minimum(sets: &[u64]) -> usize {
            fn search(sets: &[u64], chosen: u64, best: &mut usize) {
                if chosen.count_ones() as usize >= *best {
                    return;
                }
                let Some(&unhit) = sets.iter().find(|&&s| s & chosen == 0) else {
                    *best = chosen.count_ones() as usize;
                    return;
                };
                let mut rest = unhit;
                while rest != 0 {
                    let bit = rest & rest.wrapping_neg();
                    search(sets, chosen | bit, best);
                    rest &= rest - 1;
                }
            }
            let mut best = sets.len();
            search(sets, 0, &mut best);
            best
        }

        fn check_against_reference(raw: &[Vec<usize>]) -> Result<(), TestCaseError> {
            let names: Vec<String> = (0..64).map(|i| format!("place{i:02}")).collect();
            let paths: Vec<Vec<&str>> = raw
                .iter()
                .map(|p| p.iter().map(|&i| names[i].as_str()).collect())
                .collect();
            let masks: Vec<u64> = raw
                .iter()
                .map(|p| p.iter().fold(0, |m, &i| m | 1 << i))
                .collect();
            let minimum = reference_minimum(&masks);
            prop_assert_eq!(min_hitting_set(&paths), minimum);
            for cap in [0, 1, 3, 7, 12] {
                prop_assert_eq!(min_hitting_set_capped(&paths, cap), minimum.min(cap));
            }
            for found in minimum_hitting_sets(&paths, 3) {
                prop_assert_eq!(found.len(), minimum);
                prop_assert!(
                    paths
                        .iter()
                        .all(|p| p.iter().any(|l| found.iter().any(|f| f == l)))
                );
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            #[test]
            fn larger_graphs(
                raw in proptest::collection::vec(proptest::collection::vec(0usize..22, 2), 20..=60),
            ) {
                check_against_reference(&raw)?;
            }

            #[test]
            fn larger_sets(
                raw in proptest::collection::vec(proptest::collection::vec(0usize..20, 2..=4), 10..=40),
            ) {
                check_against_reference(&raw)?;
            }
        }
    }
}
