/**
 * ggml tensor types: block size (elements per block) and bytes per block, as in ggml's
 * `type_traits` table (ggml/src/ggml.c, `blck_size` / `type_size`) and the block structs of
 * ggml/src/ggml-common.h (github.com/ggml-org/llama.cpp). A tensor of n elements takes
 * n / blockSize × blockBytes bytes (n is always a multiple of the block size).
 * Numbers 4, 5 and 31–33, 36–38 were removed from ggml and are unknown here.
 */
export interface GgmlType {
  name: string;
  /** Elements per block. */
  blockSize: number;
  /** Bytes per block (scales included). */
  blockBytes: number;
}

/** ggml_type enum value → traits. */
export const GGML_TYPES: ReadonlyMap<number, GgmlType> = new Map(
  (
    [
      [0, 'F32', 1, 4],
      [1, 'F16', 1, 2],
      [2, 'Q4_0', 32, 18], // ggml_half d + 16 B of nibbles
      [3, 'Q4_1', 32, 20], // d, m + 16 B
      [6, 'Q5_0', 32, 22], // d + 4 B high bits + 16 B
      [7, 'Q5_1', 32, 24],
      [8, 'Q8_0', 32, 34], // d + 32 int8
      [9, 'Q8_1', 32, 36], // d, s + 32 int8
      [10, 'Q2_K', 256, 84],
      [11, 'Q3_K', 256, 110],
      [12, 'Q4_K', 256, 144],
      [13, 'Q5_K', 256, 176],
      [14, 'Q6_K', 256, 210],
      [15, 'Q8_K', 256, 292],
      [16, 'IQ2_XXS', 256, 66],
      [17, 'IQ2_XS', 256, 74],
      [18, 'IQ3_XXS', 256, 98],
      [19, 'IQ1_S', 256, 50],
      [20, 'IQ4_NL', 32, 18],
      [21, 'IQ3_S', 256, 110],
      [22, 'IQ2_S', 256, 82],
      [23, 'IQ4_XS', 256, 136],
      [24, 'I8', 1, 1],
      [25, 'I16', 1, 2],
      [26, 'I32', 1, 4],
      [27, 'I64', 1, 8],
      [28, 'F64', 1, 8],
      [29, 'IQ1_M', 256, 56],
      [30, 'BF16', 1, 2],
      [34, 'TQ1_0', 256, 54],
      [35, 'TQ2_0', 256, 66],
      [39, 'MXFP4', 32, 17], // e8m0 scale + 16 B of e2m1 nibbles
    ] as const
  ).map(([id, name, blockSize, blockBytes]) => [id, { name, blockSize, blockBytes }]),
);

/**
 * Bytes of a tensor of `elements` elements of `type`; undefined for an unknown type or a count
 * that is not a whole number of blocks.
 */
export function ggmlTensorBytes(type: number, elements: number): number | undefined {
  const t = GGML_TYPES.get(type);
  if (!t || elements % t.blockSize !== 0) return undefined;
  return (elements / t.blockSize) * t.blockBytes;
}

/**
 * `general.file_type` (llama_ftype, llama.cpp include/llama.h) → the catalog weight format that
 * names the same mix, where the catalog has one.
 */
export const FILE_TYPE_FORMATS: ReadonlyMap<number, string> = new Map([
  [0, 'fp32'],
  [1, 'fp16'],
  [2, 'q4_0'],
  [3, 'q4_1'],
  [7, 'q8_0'],
  [10, 'q2_k'],
  [11, 'q3_k_m'], // Q3_K_S
  [12, 'q3_k_m'],
  [13, 'q3_k_m'], // Q3_K_L
  [14, 'q4_k_s'],
  [15, 'q4_k_m'],
  [16, 'q5_k_s'],
  [17, 'q5_k_m'],
  [18, 'q6_k'],
  [20, 'iq2_xs'],
  [23, 'iq3_xxs'],
  [30, 'iq4_xs'],
  [32, 'bf16'],
  [38, 'mxfp4'],
]);
