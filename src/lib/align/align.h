/*
 * align.h — the aligner's private parts, shared by align.c (the dynamic
 * programme), align_api.c (the public calls), align_mixed.c (mixed
 * documents), corpus/aligner_memory.c (what it learns from a memory) and
 * the accuracy tools in tests/bench, which tune the parameters.
 */
#ifndef SETU_ALIGN_H
#define SETU_ALIGN_H

#include "align_feat.h"
#include "align_index.h"
#include "error.h"
#include "lexicon.h"
#include "segment.h"
#include "tokenize.h"

/* Bead shapes the programme considers, as (Hindi, English) sentence counts. */
#define SETU__BEAD_TYPES 9
extern const int setu__bead_shape[SETU__BEAD_TYPES][2];

/* The cost model.  Defaults come from setu__align_params_default(). */
typedef struct setu__align_params {
    double prior[SETU__BEAD_TYPES]; /* cost of each bead shape, -log P */
    double s2;          /* variance per character of the length model */
    double len_weight;  /* weight of the length cost */
    double lambda;      /* reward per unit of matched anchor weight */
    double mu;          /* cost per unit of unmatched anchor weight in a bead */
    double nu;          /* cost per unit of anchor weight left in a 1-0/0-1 bead */
    /* The confidence's logistic model: bias, weights of the matched share,
     * of the neighbours' share, of the length cost, of a merged shape; and
     * the bias of a 1-0/0-1 bead. */
    double conf_bias, conf_cov, conf_ctx, conf_len, conf_merge, conf_skip_bias;
    int band_min;       /* initial half-width of the band */
    int anchors;        /* 0: length only (the Gale–Church 1993 baseline) */
} setu__align_params;

void setu__align_params_default(setu__align_params *p);
/* Gale & Church's own priors and variance, without anchors. */
void setu__align_params_gale_church(setu__align_params *p);

struct setu_aligner {
    setu_err err;
    int opened;
    unsigned flags;
    char *lexicon_prefix;  /* NULL: the Debian default */
    char note[1024];       /* what lexicon and transliteration are used */
    setu__tokenizer *tk;
    setu__segmenter *sg;   /* opened at first use: setu__aligner_segmenter */
    setu__lexicon *lx;
    setu_translit *tr;     /* the "names" scheme; NULL when unavailable */
    setu__tokens toks;
    setu__aside hi, en;
    setu__eindex ix;       /* the English side's values (align_index.h) */
    setu__align_params p;
    /* For the accuracy tools: called with each bead's confidence features
     * (share, neighbours' share, length cost, linked, 1-1). */
    void (*feature_hook)(void *ctx, const setu_bead *b, const double *f, int nf);
    void *feature_ctx;
};

/* Aligns the anchors already built in a->hi and a->en.  On success *beads is
 * a malloc'd array of *n beads in document order. */
setu_status setu__align_sides(setu_aligner *a, setu_bead **beads, size_t *n);

/* Opens a's sentence segmenter if it is not yet open: only the aligners of
 * raw text use it, and a presegmented one-document run spent 7% of its time
 * opening ICU's sentence break iterator (issue 14). */
setu_status setu__aligner_segmenter(setu_aligner *a);

/* The anchor weight Hindi sentences [i0, i0+ni) and English [j0, j0+nj)
 * share, each token counted once; *total (if not NULL) gets the weight of
 * all their tokens.  For spans of any size (the programme's beads use the
 * cached pair masks instead). */
double setu__span_shared(const setu_aligner *a, size_t i0, size_t ni, size_t j0, size_t nj,
                         double *total);


/* Packs sentences and beads into one setu_alignment allocation. */
setu_alignment *setu__alignment_pack(const char *const *hi, size_t nhi, const char *const *en,
                                     size_t nen, const setu_bead *beads, size_t nbeads);

#endif
