// A module the size test loads through import() to prove lazy chunks are not counted in the entry.
export const payload = Array.from({ length: 400 }, (_, i) => `item-${i}-${(i * 2654435761) % 1000003}`);
