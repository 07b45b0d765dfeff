//! The widget's memory allocator in the browser: size classes with free lists, a few hundred
//! bytes of wasm where the default dlmalloc costs about 7 KB.
//!
//! Small blocks (up to half a wasm page) come in power-of-two classes carved from whole
//! pages, so a block is aligned to its size; freed blocks go on their class's list. Larger
//! allocations take whole pages, and freed runs are reused first fit. Nothing is ever given
//! back to the browser (wasm memory cannot shrink), and runs are not merged: the widget's
//! memory is a few small objects and, at most, one response body at a time.
//!
//! The logic is generic over where pages come from, so native tests run it on a plain buffer.

use core::alloc::Layout;

/// A wasm page: the unit memory grows by.
pub const PAGE: usize = 65_536;
/// Smallest block: room for a free-list link.
const MIN_CLASS: usize = 8;
/// Size classes 8, 16, ... 32768 bytes.
const CLASSES: usize = 13;

/// Where pages come from: `memory.grow` in the browser.
pub trait Pages {
    /// Adds `count` pages and returns the address of the first, or `None` when memory is full.
    fn grow(&mut self, count: usize) -> Option<usize>;
    /// Reads the word at `addr` (a free block's link).
    fn read(&self, addr: usize) -> usize;
    /// Writes the word at `addr`.
    fn write(&mut self, addr: usize, value: usize);
}

/// Free lists by size class, and the free runs of whole pages.
pub struct Heap {
    /// Heads of the free lists, 0 when empty.
    free: [usize; CLASSES],
    /// Head of the list of free page runs: each run holds its page count, then the next run.
    runs: usize,
}

/// The size class of a small layout, or `None` for a page run.
fn class(layout: &Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(MIN_CLASS);
    let bits = size.next_power_of_two().trailing_zeros() as usize;
    let index = bits - MIN_CLASS.trailing_zeros() as usize;
    (index < CLASSES).then_some(index)
}

fn pages_for(layout: &Layout) -> usize {
    layout.size().div_ceil(PAGE).max(1)
}

impl Heap {
    /// An empty heap.
    pub const fn new() -> Heap {
        Heap {
            free: [0; CLASSES],
            runs: 0,
        }
    }

    /// A block for `layout`, or 0 when memory is full. Page runs are page aligned, which
    /// covers any alignment Rust asks of a heap block.
    pub fn alloc(&mut self, layout: Layout, pages: &mut impl Pages) -> usize {
        match class(&layout) {
            Some(c) => self.alloc_small(c, pages),
            None => self.alloc_run(pages_for(&layout), pages),
        }
    }

    /// Returns a block given by [`Heap::alloc`] with the same `layout`.
    pub fn dealloc(&mut self, addr: usize, layout: Layout, pages: &mut impl Pages) {
        match class(&layout) {
            Some(c) => {
                pages.write(addr, self.free[c]);
                self.free[c] = addr;
            }
            None => self.free_run(addr, pages_for(&layout), pages),
        }
    }

    fn alloc_small(&mut self, c: usize, pages: &mut impl Pages) -> usize {
        if self.free[c] == 0 {
            let page = self.alloc_run(1, pages);
            if page == 0 {
                return 0;
            }
            // Carve the page into blocks, listed in address order.
            let size = MIN_CLASS << c;
            let mut addr = page + PAGE - size;
            loop {
                pages.write(addr, self.free[c]);
                self.free[c] = addr;
                if addr == page {
                    break;
                }
                addr -= size;
            }
        }
        let block = self.free[c];
        self.free[c] = pages.read(block);
        block
    }

    fn alloc_run(&mut self, count: usize, pages: &mut impl Pages) -> usize {
        // First fit among the freed runs; the rest of a longer run stays free.
        let mut link = 0; // 0: the head; else the address of the previous run
        let mut run = self.runs;
        while run != 0 {
            let have = pages.read(run);
            let next = pages.read(run + 8);
            if have >= count {
                let rest = if have > count {
                    let rest = run + count * PAGE;
                    pages.write(rest, have - count);
                    pages.write(rest + 8, next);
                    rest
                } else {
                    next
                };
                if link == 0 {
                    self.runs = rest;
                } else {
                    pages.write(link + 8, rest);
                }
                return run;
            }
            link = run;
            run = next;
        }
        pages.grow(count).unwrap_or(0)
    }

    fn free_run(&mut self, addr: usize, count: usize, pages: &mut impl Pages) {
        pages.write(addr, count);
        pages.write(addr + 8, self.runs);
        self.runs = addr;
    }
}

impl Default for Heap {
    fn default() -> Heap {
        Heap::new()
    }
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use super::{Heap, Pages, PAGE};
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;

    /// The wasm linear memory.
    struct Memory;

    impl Pages for Memory {
        fn grow(&mut self, count: usize) -> Option<usize> {
            let previous = core::arch::wasm32::memory_grow(0, count);
            (previous != usize::MAX).then(|| previous * PAGE)
        }
        fn read(&self, addr: usize) -> usize {
            // SAFETY: `addr` is a free block or run of this heap: at least 8 bytes, aligned.
            unsafe { (addr as *const usize).read() }
        }
        fn write(&mut self, addr: usize, value: usize) {
            // SAFETY: as in `read`; the run header's second word is inside its first page.
            unsafe { (addr as *mut usize).write(value) }
        }
    }

    /// The global allocator: one heap, for a single-threaded wasm instance.
    pub struct WasmHeap(UnsafeCell<Heap>);

    // SAFETY: wasm32-unknown-unknown without atomics runs one thread; nothing shares the heap.
    unsafe impl Sync for WasmHeap {}

    // SAFETY: blocks never overlap (each is on one free list or handed out once), are at least
    // `layout.size()` bytes, and are aligned to their power-of-two size or to a page.
    unsafe impl GlobalAlloc for WasmHeap {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            (*self.0.get()).alloc(layout, &mut Memory) as *mut u8
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            (*self.0.get()).dealloc(ptr as usize, layout, &mut Memory)
        }
    }

    #[global_allocator]
    static HEAP: WasmHeap = WasmHeap(UnsafeCell::new(Heap::new()));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages in a plain buffer; addresses start at one page so 0 stays "none".
    struct Buffer {
        words: std::collections::HashMap<usize, usize>,
        pages: usize,
        limit: usize,
    }

    impl Pages for Buffer {
        fn grow(&mut self, count: usize) -> Option<usize> {
            (self.pages + count <= self.limit).then(|| {
                let at = (self.pages + 1) * PAGE;
                self.pages += count;
                at
            })
        }
        fn read(&self, addr: usize) -> usize {
            self.words.get(&addr).copied().unwrap_or(0)
        }
        fn write(&mut self, addr: usize, value: usize) {
            self.words.insert(addr, value);
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).expect("valid layout")
    }

    #[test]
    fn blocks_never_overlap_are_aligned_and_are_reused() {
        let mut mem = Buffer {
            words: Default::default(),
            pages: 0,
            limit: 4096,
        };
        let mut heap = Heap::new();
        let mut live: Vec<(usize, Layout)> = Vec::new();
        let mut seed = 1u64;
        let (mut bytes, mut peak) = (0usize, 0usize);
        for step in 0..20_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let r = (seed >> 33) as usize;
            if r % 3 != 0 || live.is_empty() {
                let size = match r % 10 {
                    0 => 1 + r % 200_000,
                    1..=3 => 1 + r % 4_000,
                    _ => 1 + r % 100,
                };
                let l = layout(size, 1 << (r % 4));
                let addr = heap.alloc(l, &mut mem);
                assert_ne!(addr, 0, "step {step}");
                assert_eq!(addr % l.align(), 0);
                for (other, ol) in &live {
                    let apart = addr + l.size() <= *other || other + ol.size() <= addr;
                    assert!(
                        apart,
                        "step {step}: {addr}+{} overlaps {other}+{}",
                        l.size(),
                        ol.size()
                    );
                }
                live.push((addr, l));
                bytes += l.size();
                peak = peak.max(bytes);
            } else {
                let (addr, l) = live.swap_remove(r % live.len());
                heap.dealloc(addr, l, &mut mem);
                bytes -= l.size();
            }
        }
        // Freed memory is reused: rounding up to classes and pages at most doubles the peak,
        // and unmerged runs cost a little more.
        assert!(
            mem.pages * PAGE <= 3 * peak,
            "{} pages for a peak of {peak} bytes",
            mem.pages
        );
    }

    #[test]
    fn a_full_memory_gives_null_not_a_panic() {
        let mut mem = Buffer {
            words: Default::default(),
            pages: 0,
            limit: 2,
        };
        let mut heap = Heap::new();
        assert_ne!(heap.alloc(layout(PAGE, 8), &mut mem), 0);
        assert_eq!(heap.alloc(layout(3 * PAGE, 8), &mut mem), 0);
        assert_ne!(heap.alloc(layout(16, 8), &mut mem), 0);
        assert_eq!(heap.alloc(layout(PAGE, 8), &mut mem), 0);
    }

    #[test]
    fn a_freed_long_run_is_split_for_shorter_ones() {
        let mut mem = Buffer {
            words: Default::default(),
            pages: 0,
            limit: 3,
        };
        let mut heap = Heap::new();
        let big = heap.alloc(layout(3 * PAGE, 8), &mut mem);
        heap.dealloc(big, layout(3 * PAGE, 8), &mut mem);
        let a = heap.alloc(layout(PAGE, 8), &mut mem);
        let b = heap.alloc(layout(2 * PAGE, 8), &mut mem);
        assert_eq!((a, b), (big, big + PAGE));
    }
}
