const { makeServiceWebpackConfig } = require('../../infra/build/service-webpack');

module.exports = makeServiceWebpackConfig(__dirname, 'media', { prisma: true });
